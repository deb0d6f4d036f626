// Plain TypeScript shared by the API and the web client: response and request
// shapes, enums and (later) the socket event maps. No decorators, no Node or DOM
// imports: this file ends up in the phone bundle.
export * from './lib/errors';
export * from './lib/health';
export * from './lib/territories';
export * from './lib/access';
export * from './lib/participants';
export * from './lib/french';
export * from './lib/live';
export * from './lib/campaigns';
export * from './lib/panels';
export * from './lib/tour';
export * from './lib/census';
export * from './lib/bassin-centres';
export * from './lib/proposals';
export * from './lib/mail';
export * from './lib/field';
