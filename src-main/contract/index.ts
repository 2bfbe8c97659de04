export * from './api';
export * from './api-runs';
export * from './api-analysis';
export * from './api-export';
export * from './entities';
export * from './events';
export * from './result';
export * from './validate';
