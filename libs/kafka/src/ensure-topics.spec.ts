import { mergeSpecs } from './ensure-topics';

describe('mergeSpecs', () => {
  it('keeps one entry per topic with the largest partition count', () => {
    expect(
      mergeSpecs([
        { topic: 'a', partitions: 3 },
        { topic: 'b', partitions: 1 },
        { topic: 'a', partitions: 6 },
      ]),
    ).toEqual([
      { topic: 'a', partitions: 6 },
      { topic: 'b', partitions: 1 },
    ]);
  });
});
