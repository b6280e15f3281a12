import { kafkaCheck } from './kafka-check';
import { postgresCheck } from './postgres-check';

describe('postgresCheck', () => {
  it('runs select 1 and passes through the driver error', async () => {
    const query = jest
      .fn()
      .mockResolvedValueOnce({ rows: [{ '?column?': 1 }] })
      .mockRejectedValueOnce(new Error('ECONNREFUSED'));
    const check = postgresCheck({ query } as never);

    await expect(check()).resolves.toBeUndefined();
    expect(query).toHaveBeenCalledWith('select 1');
    await expect(check()).rejects.toThrow('ECONNREFUSED');
  });
});

describe('kafkaCheck', () => {
  const cluster = { brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092 }], controller: 1, clusterId: 'c' };

  it('passes when the cluster has brokers', async () => {
    const admin = { describeCluster: jest.fn().mockResolvedValue(cluster), listTopics: jest.fn() };

    await expect(kafkaCheck(admin)()).resolves.toBeUndefined();
    expect(admin.listTopics).not.toHaveBeenCalled();
  });

  it('fails when no broker is reported', async () => {
    const admin = { describeCluster: jest.fn().mockResolvedValue({ ...cluster, brokers: [] }), listTopics: jest.fn() };

    await expect(kafkaCheck(admin)()).rejects.toThrow('no brokers');
  });

  it('names the required topics that do not exist', async () => {
    const admin = {
      describeCluster: jest.fn().mockResolvedValue(cluster),
      listTopics: jest.fn().mockResolvedValue(['stepwise.step-due.email.v1']),
    };

    await expect(kafkaCheck(admin, ['stepwise.step-due.email.v1', 'stepwise.outcomes.v1', 'x.v1'])()).rejects.toThrow(
      'missing topics: stepwise.outcomes.v1, x.v1',
    );
  });
});
