// Send Consumption Information (v2): the answer to Apple's CONSUMPTION_REQUEST, offered
// as the adapter's optional consumption capability.
import type { ConsumptionRequest } from '@apple/app-store-server-library';
import type { ConsumptionAnswer, ConsumptionCapability } from '../adapter';
import type { AppleParts } from './context';

export function createAppleConsumption(p: AppleParts): ConsumptionCapability {
  return {
    async send(transactionId: string, a: ConsumptionAnswer): Promise<void> {
      const body: ConsumptionRequest = {
        customerConsented: a.customerConsented,
        deliveryStatus: a.deliveryStatus,
        sampleContentProvided: a.sampleContentProvided,
      };
      // Apple's consumptionPercentage is in milliunits: 100000 = everything consumed.
      if (a.consumedPercent != null) body.consumptionPercentage = Math.round(a.consumedPercent * 1000);
      if (a.refundPreference) body.refundPreference = a.refundPreference;
      await p.client.call('Send Consumption Information', (api) => api.sendConsumptionInformation(transactionId, body));
    },
  };
}
