// The ports the end-to-end server listens on: E2E_PORT (staff) and the next one (diary), so that two
// checkouts on one machine can run their suites side by side.
export const STAFF_PORT = Number(process.env.E2E_PORT ?? 5190);
export const DIARY_PORT = STAFF_PORT + 1;
export const STAFF_URL = `http://127.0.0.1:${STAFF_PORT}/`;
export const DIARY_URL = `http://127.0.0.1:${DIARY_PORT}/`;
