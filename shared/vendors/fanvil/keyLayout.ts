/**
 * Where a Fanvil key goes in `<dsskey>`, and back. The X series has keys in two places, as both
 * references write them (wazo-provd-plugins plugins/wazo_fanvil/common/templates/base-new.tpl with
 * serie_x/entry.py; FusionPBX resources/templates/provision/fanvil/x4u, x5u, x6u/{$mac}.cfg):
 * - the line keys beside the screen: `<dssSide index="1"><Fkey index="1..sideKeys">`;
 * - the memory keys: `<internal index="page"><Fkey index="1..lineKeys">`, with `<FuncKeyPageNum>`
 *   the number of pages the phone shows (wazo-provd writes the highest page used).
 * Our key numbers count the line keys first, then the memory keys page by page: wazo-provd splits
 * the same way (key n up to TOP_FUNCTION_KEYS is a line key, the others memory key n minus that).
 * A Fanvil model not in the catalog gets every key on `<dssSide index="1">` (FusionPBX writes its
 * line keys there with no count).
 */
import { findModel, keyAt, keyPosition, type PhoneModel } from '../../catalog/models';
import { el, elements, textOf, type XmlElement } from '../../xml/xml';

export interface FanvilKey {
  key: number;
  /** The key's `<Fkey>` at its index on its page. */
  fkey: (index: number) => XmlElement;
}

/** The children of `<dsskey>` for these keys on this model. */
export function fanvilDssKeys(modelName: string, keys: readonly FanvilKey[]): XmlElement[] {
  const model = findModel('Fanvil', modelName);
  const side: XmlElement[] = [];
  const pages = new Map<number, XmlElement[]>();
  for (const k of [...keys].sort((a, b) => a.key - b.key)) {
    const pos = model ? keyPosition(model, k.key) : ({ kind: 'side', index: k.key } as const);
    // A key past the model's own is reported (shared/vendors/common/problems.ts) and never reaches here.
    if (!pos || pos.kind === 'expansion') continue;
    if (pos.kind === 'side') side.push(k.fkey(pos.index));
    else pages.set(pos.page, [...(pages.get(pos.page) ?? []), k.fkey(pos.index)]);
  }
  const out: XmlElement[] = [];
  if (side.length > 0) out.push(el('dssSide', { index: 1 }, side));
  if (pages.size > 0) {
    out.push(el('FuncKeyPageNum', {}, [String(Math.max(...pages.keys()))]));
    for (const [page, fkeys] of [...pages].sort((a, b) => a[0] - b[0])) out.push(el('internal', { index: page }, fkeys));
  }
  return out;
}

function layoutWords(model: PhoneModel): string {
  return `${model.sideKeys ?? 0} line keys and ${model.pages} pages of ${model.lineKeys} memory keys`;
}

/**
 * Every `<Fkey>` of the file with its key number, as a phone of this model would place it; an
 * `<Fkey>` where the model has no key (or on a page the phone does not show) is a problem instead.
 */
export function parseFanvilDssKeys(root: XmlElement, modelName: string, problems: string[]): { key: number; fkey: XmlElement }[] {
  const model = findModel('Fanvil', modelName);
  const name = `the Fanvil ${model?.model ?? (modelName || 'phone')}`;
  const out: { key: number; fkey: XmlElement }[] = [];
  for (const dsskey of elements(root, 'dsskey')) {
    for (const side of elements(dsskey, 'dssSide')) {
      const page = Number(side.attrs['index']);
      for (const fkey of elements(side, 'Fkey')) {
        const index = Number(fkey.attrs['index']);
        const key = page !== 1 ? undefined : model ? keyAt(model, { kind: 'side', index }) : index;
        if (key !== undefined) out.push({ key, fkey });
        else
          problems.push(
            `<dssSide index="${page}"> key ${index}: ${name} has ${model ? `${model.sideKeys ?? 0} line keys` : 'its line keys'}, all on <dssSide index="1">`,
          );
      }
    }
    const shownTag = elements(dsskey, 'FuncKeyPageNum')[0];
    const shown = shownTag ? Number(textOf(shownTag)) : undefined;
    for (const internal of elements(dsskey, 'internal')) {
      const page = Number(internal.attrs['index']);
      if (shown !== undefined && page > shown) {
        problems.push(`<internal index="${page}">: past FuncKeyPageNum ${shown}, the phone does not show this page`);
        continue;
      }
      for (const fkey of elements(internal, 'Fkey')) {
        const index = Number(fkey.attrs['index']);
        const key = model ? keyAt(model, { kind: 'phone', page, index }) : undefined;
        if (key !== undefined) out.push({ key, fkey });
        else
          problems.push(
            `<internal index="${page}"> key ${index}: ${name} has ${model ? layoutWords(model) : 'memory keys this app does not know (model not in the catalog)'}`,
          );
      }
    }
  }
  return out;
}
