// ExecStart slots (`$NAME` words) that nothing in the input defines: the
// EnvironmentFile= that would is not in the input, or the env files the
// unit reads leave the variable undefined or commented out. systemd expands
// an undefined `$NAME` to nothing, so the slot is dead today and gossip the
// day someone sets it; sibling units of one package then differ.

import type { ArgvCarrier, SourceFile } from '../../model.js';
import { variableReference, type SystemdLinks } from './read.js';
import type { UnitSlot } from '../../facts.js';
export type { UnitSlot } from '../../facts.js';


export function readUnitSlots(unit: SourceFile, carriers: ArgvCarrier[], links: SystemdLinks): UnitSlot[] {
  const slots: UnitSlot[] = [];
  for (const carrier of carriers) {
    // Expanded references were replaced by their values: a reference word left is one nothing defined.
    for (const word of carrier.words) {
      if (word.file !== unit) continue;
      const name = variableReference(word);
      if (name === null) continue;
      const commented = new RegExp(`^[ \\t]*#[ \\t]*(?:export[ \\t]+)?${name}=.*$`, 'm');
      let commentedOut: UnitSlot['commentedOut'];
      for (const { file } of links.environmentFiles) {
        const match = commented.exec(file.text);
        if (match) {
          commentedOut = { file, span: { start: match.index, end: match.index + match[0].length } };
          break;
        }
      }
      slots.push({
        unit,
        carrier,
        reference: word,
        name,
        missingFiles: [...links.missing, ...links.ambiguous.map((entry) => entry.path)],
        ambiguousFiles: links.ambiguous,
        ...(commentedOut ? { commentedOut } : {}),
      });
    }
  }
  return slots;
}
