/**
 * What of a phone's assignment its vendor or model cannot do. Each problem is a sentence the
 * technician can act on; the renderers leave those keys out of the files, so a key the phone
 * cannot do is reported here and in the file's comments, never silently dropped.
 */
import { BUTTON_TYPE_LABELS, type Button, type ButtonType } from '../../domain/button';
import type { ButtonProblem } from '../../dialects/types';
import type { ProvisioningInput } from '../../config/provisioningInput';
import { effectiveButtons } from '../../dialects/default';
import { findModel, keyCapacity, type PhoneModel } from '../../catalog/models';
import type { VendorPlugin } from './plugin';

export interface ProblemRules {
  /** Key functions the phone has as fixed hard or soft keys: an `info`, not an error. */
  fixedKeys?: Partial<Record<ButtonType, string>>;
  /** Extra, vendor-specific checks. */
  extra?: (input: ProvisioningInput, model: PhoneModel | undefined) => ButtonProblem[];
}

const an = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

function keyName(b: Button): string {
  return `Key ${b.key}${b.label ? ` (${b.label})` : ''}`;
}

export function buttonProblems(
  plugin: Pick<VendorPlugin, 'name' | 'buttonCodes' | 'maxLines'>,
  input: ProvisioningInput,
  rules: ProblemRules = {},
): ButtonProblem[] {
  const problems: ButtonProblem[] = [];
  const phone = input.phone;
  const model = findModel(plugin.name, phone.model);
  const modelName = model ? `${plugin.name} ${model.model}` : `${plugin.name} phone`;

  if (phone.userType === 'hotdesk' && plugin.buttonCodes.hotdesk_login === undefined) {
    problems.push({
      key: 0,
      type: 'user_type',
      severity: 'error',
      message: `Hot desking is not available on ${plugin.name} phones in this app: make this phone a standard phone with its own account.`,
    });
  }
  for (const { line } of input.lines) {
    if (line > plugin.maxLines) {
      problems.push({
        key: 0,
        type: 'account',
        severity: 'error',
        message: `Line ${line}: ${plugin.name} phones take ${plugin.maxLines} account(s) here; the account on line ${line} is left out. Move it to a lower line.`,
      });
    }
  }
  const capacity = model ? keyCapacity(model) : undefined;
  const lines = new Set(input.lines.map((l) => l.line));
  for (const b of effectiveButtons(input)) {
    if (b.type === 'none') continue;
    // Already reported once as the phone's user type.
    if (b.type === 'hotdesk_login' && plugin.buttonCodes.hotdesk_login === undefined && phone.userType === 'hotdesk') continue;
    const label = BUTTON_TYPE_LABELS[b.type];
    const fixed = rules.fixedKeys?.[b.type];
    if (plugin.buttonCodes[b.type] === undefined) {
      problems.push(
        fixed
          ? { key: b.key, type: b.type, severity: 'info', message: `${keyName(b)}: ${fixed}` }
          : {
              key: b.key,
              type: b.type,
              severity: 'error',
              message: `${keyName(b)}: ${plugin.name} phones cannot have ${an(label)} key here; it is left out. Pick another function, or a speed dial to the feature code.`,
            },
      );
      continue;
    }
    if (model && !model.buttonTypes.includes(b.type)) {
      problems.push({
        key: b.key,
        type: b.type,
        severity: 'error',
        message: `${keyName(b)}: the ${modelName} cannot do ${label} keys; it is left out.`,
      });
      continue;
    }
    if (capacity !== undefined && b.key > capacity.total) {
      const how = capacity.expansion > 0 ? ` (${capacity.main} on the phone, ${capacity.expansion} on expansion modules)` : '';
      problems.push({
        key: b.key,
        type: b.type,
        severity: 'error',
        message: `${keyName(b)}: the ${modelName} has ${capacity.total} programmable keys${how}; this key is left out.`,
      });
      continue;
    }
    if (b.type === 'line' && phone.userType === 'standard' && !lines.has(b.line)) {
      problems.push({
        key: b.key,
        type: b.type,
        severity: 'error',
        message: `${keyName(b)}: a line key for line ${b.line}, which has no account.`,
      });
    }
  }
  return [...problems, ...(rules.extra?.(input, model) ?? [])];
}

/** The buttons a renderer writes: those of the assignment with no error against them. */
export function renderableButtons(input: ProvisioningInput, problems: readonly ButtonProblem[]): Button[] {
  const left = new Set(problems.filter((p) => p.key > 0).map((p) => p.key));
  return effectiveButtons(input).filter((b) => !left.has(b.key));
}

/** The lines a renderer writes: those within the vendor's account limit. */
export function renderableLines(input: ProvisioningInput, maxLines: number): ProvisioningInput['lines'] {
  return input.lines.filter((l) => l.line <= maxLines);
}

/** One line per problem, for comments at the top of a rendered file. */
export function problemNotes(problems: readonly ButtonProblem[]): string[] {
  return problems.map((p) => `${p.severity === 'error' ? 'NOT APPLIED' : 'note'}: ${p.message}`);
}
