import { commit, exportPlan, preview, template } from './import';
import { get, save } from './plan';

/** The plan of topics' methods, bound to their services (src/main/features.ts spreads them in). */
export const topicPlanHandlers = {
  'topicPlan.get': get,
  'topicPlan.save': save,
  'topicPlan.template': template,
  'topicPlan.export': exportPlan,
  'topicPlan.preview': preview,
  'topicPlan.commit': commit,
} as const;
