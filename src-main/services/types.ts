// What a service is: one function per API method, taking the validated request.
import type { z } from 'zod';
import type { Method, Responses, requestSchemas } from '../contract/api';
import type { Store } from '../store';
import type { EventHub } from './events';

/** A request after validation (defaults applied, strings trimmed). */
export type Parsed<M extends Method> = z.output<(typeof requestSchemas)[M]>;

export type Handler<M extends Method> = (
  request: Parsed<M>,
) => Responses[M] | Promise<Responses[M]>;

export type Services = { [M in Method]: Handler<M> };

export interface ServiceDeps {
  store: Store;
  events: EventHub;
  transport: 'ipc' | 'http';
  /** Forkbench version for app.info; defaults to package.json's. */
  version?: string;
}
