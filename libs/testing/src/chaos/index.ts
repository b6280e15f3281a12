export * from './chaos-infrastructure';
