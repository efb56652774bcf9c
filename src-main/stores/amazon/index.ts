export { createAmazonAdapter, amazonCapabilities, mapReceipt, AMAZON_REFUND_CAVEAT, CANCEL_REASONS, type AmazonAdapterOptions } from './adapter';
export { RVS_BASE_URL, RVS_STATUS_WORDS, rvsUrl, verifyReceipt, type RvsReceipt } from './rvs';
