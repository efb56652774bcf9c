export { computeInsights, bucketLabel, bucketsOf, histogram, median, TIME_TO_REFUND_BINS } from './compute';
export { insightsCsv } from './csv';
export { createInsightsRunner, isInMemory, workerEntry, type InsightsRunner, type InsightsRunnerOptions } from './runner';
export { createInsightsHandlers, insightsCsvOf, type InsightsHandlerOptions } from './handlers';
