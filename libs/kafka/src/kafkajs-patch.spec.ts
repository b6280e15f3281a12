// patches/kafkajs+2.2.4.patch (applied by patch-package on npm install): an idle kafkajs
// connection re-armed a 0 ms timer for ever (kafkajs issues 1556 and 1704), costing CPU in every
// service. This fails when the patch is missing, e.g. after a kafkajs upgrade.
const RequestQueue = require('kafkajs/src/network/requestQueue') as new (options: object) => {
  pending: unknown[];
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
  destroy(): void;
};

const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

describe('kafkajs request queue (patched)', () => {
  const queue = () =>
    new RequestQueue({
      instrumentationEmitter: { emit: () => undefined },
      maxInFlightRequests: 1,
      requestTimeout: 1000,
      enforceRequestTimeout: false,
      clientId: 'spec',
      broker: '127.0.0.1:9092',
      logger: { namespace: () => logger },
      isConnected: () => true,
    });

  it('schedules no check while nothing is pending', () => {
    const idle = queue();
    try {
      idle.scheduleCheckPendingRequests();
      expect(idle.throttleCheckTimeoutId).toBeNull();
    } finally {
      idle.destroy(); // unpatched, the timer would re-arm itself and keep jest waiting
    }
  });

  it('still schedules a check for a pending request', () => {
    const busy = queue();
    try {
      busy.pending.push({});
      busy.scheduleCheckPendingRequests();
      expect(busy.throttleCheckTimeoutId).not.toBeNull();
    } finally {
      busy.destroy();
    }
  });
});
