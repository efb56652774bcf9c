export { computeInsights, bucketLabel, bucketsOf, histogram, median, TIME_TO_REFUND_BINS } from './compute';
export { insightsCsv, toCsv, csvField, major } from './csv';
export { createInsightsHandlers, insightsCsvFile, type InsightsChannel, type InsightsHandlerOptions } from './handlers';
