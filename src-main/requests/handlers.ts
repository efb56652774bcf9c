// The requests:* IPC handlers over the consumption-request service.
import type { PrefixHandlers } from '../ipc/context';
import type { ConsumptionService } from '../refunds/consumption';

export function createRequestHandlers(
  service: ConsumptionService,
): PrefixHandlers<'requests'> {
  return {
    'requests:list': (req) => service.list({ includeClosed: req.includeClosed ?? false }),
    'requests:answer': async (req, ctx) => {
      try {
        return await service.answer(req.requestId, req.answer, ctx.agent);
      } finally {
        ctx.emit('onRequestsChanged', service.summary());
      }
    },
  };
}
