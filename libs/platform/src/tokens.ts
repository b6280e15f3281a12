/** Injection tokens shared by every service built on PlatformModule. */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const LOGGER = Symbol('LOGGER');
export const KAFKA = Symbol('KAFKA');
export const PG_POOL = Symbol('PG_POOL');
export const PLATFORM_OPTIONS = Symbol('PLATFORM_OPTIONS');
export const DATABASE_SCHEMA = Symbol('DATABASE_SCHEMA');
