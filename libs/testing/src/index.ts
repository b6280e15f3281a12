export * from './names';
export * from './database';
export * from './wait-for';
export * from './topic-tap';
export * from './service-process';
export * from './schema-check';
export * from './stepwise-system';
export * from './walking-skeleton';
