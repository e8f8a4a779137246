/**
 * A subject's topics by grade: keys are a grade ('5') or a band ('10-11'). A topic starting with «!»
 * is an оценочная процедура after the topic before it; the plan keeps as many as §4.6 allows.
 */
export type Programme = Record<string, Record<string, readonly string[]>>;
