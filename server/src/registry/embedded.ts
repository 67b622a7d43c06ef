import data from './sigs.json' with { type: 'json' };
import { SigRegistry, type RegistryData } from './sigRegistry.js';

/** The snapshot of kubernetes/community's sigs.yaml shipped with KEP Studio (`npm run gen:sigs`). */
export const embeddedRegistry = (): SigRegistry => new SigRegistry(data as RegistryData);
