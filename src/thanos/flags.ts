// Lookups over the flag table (flag-table.json, extracted from the `--help`
// output in thanos-io/thanos docs at every examined tag; docs/thanos-flags.md
// says how). No logic beyond lookups lives here.

import table from './flag-table.json' with { type: 'json' };
import type { Component } from '../model.js';
import { gossipFlag } from './gossip-flags.js';
import { earlyFlag } from './early-flags.js';
import { compareVersions, parseThanosVersion, type ThanosVersion } from './versions.js';

export interface FlagEntry {
  component: string;
  name: string;
  boolean: boolean;
  repeatable: boolean;
  default: string | null;
  since: string;
  removedIn: string | null;
}

const ENTRIES = table.flags as FlagEntry[];
export const EXAMINED_TAGS: readonly string[] = table.tags;
export const NEWEST_KNOWN: ThanosVersion = parseThanosVersion(table.tags[table.tags.length - 1] ?? 'v0.5.0')!;

const byComponent = new Map<string, FlagEntry[]>();
for (const entry of ENTRIES) {
  const list = byComponent.get(entry.component) ?? [];
  list.push(entry);
  byComponent.set(entry.component, list);
}

function entriesFor(component: Component | null, name: string): FlagEntry[] {
  const scopes = component ? [component, 'global'] : ['global', ...byComponent.keys()];
  return scopes.flatMap((scope) => (byComponent.get(scope) ?? []).filter((entry) => entry.name === name));
}

/** Whether a flag is a kingpin boolean; undefined when no examined version knows it. */
export function isBooleanFlag(component: Component | null, name: string): boolean | undefined {
  const gossip = gossipFlag(name);
  if (gossip) return gossip.isBoolean;
  const entries = entriesFor(component, name);
  if (entries.length === 0) return undefined;
  return entries.some((entry) => entry.boolean);
}

function isAlive(entry: FlagEntry, version: ThanosVersion): boolean {
  const since = parseThanosVersion(entry.since);
  const removed = entry.removedIn ? parseThanosVersion(entry.removedIn) : null;
  return (!since || compareVersions(version, since) >= 0) && (!removed || compareVersions(version, removed) < 0);
}

export type FlagStatus =
  | { status: 'known' }
  | { status: 'renamed'; renamedTo: string; renamedIn: string }
  | { status: 'removed'; removedIn: string }
  | { status: 'not-yet'; since: string }
  | { status: 'unknown' };

/** Whether `component` at `version` accepts `--name`. */
export function flagStatus(component: Component, name: string, version: ThanosVersion): FlagStatus {
  const entries = entriesFor(component, name);
  if (entries.length === 0) {
    const early = earlyFlag(component, name);
    return early ? { status: 'renamed', renamedTo: early.renamedTo, renamedIn: early.renamedIn } : { status: 'unknown' };
  }
  if (entries.some((entry) => isAlive(entry, version))) return { status: 'known' };
  const removed = entries
    .filter((entry) => entry.removedIn && compareVersions(version, parseThanosVersion(entry.removedIn)!) >= 0)
    .map((entry) => entry.removedIn!);
  if (removed.length > 0) return { status: 'removed', removedIn: newestOf(removed) };
  return { status: 'not-yet', since: oldestOf(entries.map((entry) => entry.since)) };
}

export function flagDefault(component: Component, name: string, version: ThanosVersion): string | null {
  const entry = entriesFor(component, name).find((candidate) => isAlive(candidate, version));
  return entry?.default ?? null;
}

function sortedVersions(tags: string[]): string[] {
  return [...tags].sort((a, b) => compareVersions(parseThanosVersion(a)!, parseThanosVersion(b)!));
}

function newestOf(tags: string[]): string {
  return sortedVersions(tags)[tags.length - 1]!;
}

function oldestOf(tags: string[]): string {
  return sortedVersions(tags)[0]!;
}
