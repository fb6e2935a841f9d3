// Findings as data (after eslint's `meta.messages` + `context.report({
// messageId, data })`): each rule declares one table of message templates,
// and a finding names its template and the values it fills in. Templates
// hold no logic: `{{name}}` is replaced by `data.name`, a list is joined
// with `, ` (a CappedList ends in `, N more`); anything else a message needs
// (a location, another separator, an optional clause) the rule formats into
// data first.

import { isCappedList, type Finding, type MessageData, type MessageValue } from '../model.js';

/** A rule's message table: messageId -> template. */
export type Messages = Readonly<Record<string, string>>;

/** The placeholder names of a template, as a type: `'{{flag}} on {{program}}'` -> `'flag' | 'program'`. */
export type Placeholders<Template extends string> = Template extends `${string}{{${infer Name}}}${infer Rest}` ? Name | Placeholders<Rest> : never;

/** The data a template needs: one value per placeholder, no more (a missing or misspelt key is a compile error). */
export type DataOf<Template extends string> = { readonly [Name in Placeholders<Template>]: MessageValue };

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** The placeholder names of a template, in order of first use. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1]!))];
}

/** `template` with each `{{name}}` replaced by `data.name` (lists joined with `, `); a value is never read as a template. */
export function renderMessage(template: string, data: MessageData): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = data[name];
    if (value === undefined) throw new Error(`message data has no ${name} for "${template}"`);
    if (typeof value !== 'object') return String(value);
    if (isCappedList(value)) return value.count > value.named.length ? [...value.named, `${value.count - value.named.length} more`].join(', ') : value.named.join(', ');
    return value.join(', ');
  });
}

/** The fields of a finding that say what it found. */
export type FindingMessage = Pick<Finding, 'ruleId' | 'messageId' | 'data' | 'message'>;

/**
 * The message fields of a finding of `rule`: its template `messageId`,
 * rendered with `data`. Typed so that only a messageId of the rule's table
 * and exactly the data its template names compile.
 */
export function messageOf<M extends Messages, Id extends keyof M & string>(rule: { id: string; meta: { messages: M } }, messageId: Id, data: DataOf<M[Id]>): FindingMessage {
  return { ruleId: rule.id, messageId, data, message: renderMessage(rule.meta.messages[messageId]!, data) };
}

/** `3 gossip settings`, `1 place`: a count with its noun, for data. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
