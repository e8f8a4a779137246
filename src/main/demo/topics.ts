/**
 * The demo school's lesson topics and homework: a year's plan per subject and grade (programme
 * order, контрольные only where the topic says so and within domain-defaults §4.6, the ТБ briefing
 * only in the first lesson), and homework that fits the subject. The lists live in topics/.
 */
export { homeworkFor } from './topics/homework';
export { CONTROL_WORDS, controlCap, controlGap, type PlannedLesson, yearPlan } from './topics/plan';
