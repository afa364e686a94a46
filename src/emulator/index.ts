/** Local ARM emulator: a real HTTPS server the real Azure SDK clients talk to unchanged. */
export { startEmulator } from './startEmulator';
export { createEmulatorCredential } from './emulatorCredential';
export type { EmulatorCredentialOptions } from './emulatorCredential';
export { EMULATOR_SEED } from './seed';
export type { EmulatorSeed } from './seed';
export type {
  EmulatorClock,
  EmulatorOptions,
  PrincipalKind,
  RequestLogEntry,
  RunningEmulator,
} from './types';
export type {
  FaultController,
  FaultSnapshot,
  OperationFailure,
  ResponseFault,
} from './FaultController';
