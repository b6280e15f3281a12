export * from './outreach-system';
export * from './outreach-workload';
export * from './step-observer';
