// Each site's agentsOnline as the helpdesk last set it, for welcome frames and widget-config. The bus
// tells running instances about a PUT; a bus with a shared store (Redis) also keeps the value, so an
// instance started after the PUT begins from it rather than from the config.
import { siteTopic, type Bus } from './bus.js';

/** Shared-store key of a site's presence (RedisBus prefixes it: parley:presence:<site>). */
export const presenceKey = (site: string) => `presence:${site}`;

/** agentsOnline per site in this process. */
export class Presence {
  private readonly values: Map<string, number>;
  /** Sites set since load() began: a stored value read meanwhile is older and must not win. */
  private readonly fresh = new Set<string>();

  constructor(initial: Iterable<[string, number]>) {
    this.values = new Map(initial);
  }

  /** The site's current count, or undefined for an unknown site. */
  get(site: string): number | undefined {
    return this.values.get(site);
  }

  /** Records a count that arrived from the helpdesk or over the bus. */
  set(site: string, agentsOnline: number): void {
    this.values.set(site, agentsOnline);
    this.fresh.add(site);
  }

  /** Applies a helpdesk PUT here, in the shared store, then on every instance. */
  async put(bus: Bus, site: string, agentsOnline: number): Promise<void> {
    this.set(site, agentsOnline);
    // Store before publishing: an instance starting now subscribes, then reads. Whichever side of the
    // SET its read falls on, it either reads the new value or is already subscribed for the PUBLISH.
    await bus.setValue?.(presenceKey(site), String(agentsOnline));
    await bus.publish(siteTopic(site), { kind: 'presence', agentsOnline });
  }

  /** Reads stored counts once the bus is subscribed; a site with none keeps its config value. */
  async load(bus: Bus, sites: Iterable<string>): Promise<void> {
    if (!bus.getValue) return;
    this.fresh.clear();
    await Promise.all(
      [...sites].map(async (site) => {
        const raw = await bus.getValue!(presenceKey(site));
        // Someone else may have written the key: only a count the API would accept is taken.
        if (raw === null || !/^\d{1,7}$/.test(raw) || Number(raw) > 1_000_000 || this.fresh.has(site)) return;
        this.values.set(site, Number(raw));
      }),
    );
  }
}
