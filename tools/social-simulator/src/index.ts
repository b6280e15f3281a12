export * from './social-simulator';
