// The demo school the suite generates once (e2e/serve.mjs) and no server ever opens: a spec that
// starts its own service copies it (e2e/server.ts copyDemo). The shared service runs on a copy of its
// own, test-results/e2e.sqlite, which the specs on it change.
export const DEMO_TEMPLATE = 'test-results/e2e-demo.sqlite';
