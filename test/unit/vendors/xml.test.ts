/** The minimal XML writer and reader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { el, escapeAttr, parseXml, renderXml, textOf, elements, XmlParseError, comment } from '../../../shared/xml/xml';

test('text and attributes round-trip whatever characters they hold', () => {
  const nasty = `<a href="x">&amp;'"\t\nline2 é 中 \u0001`;
  const doc = renderXml(el('root', { v: nasty }, [el('t', {}, [nasty]), comment('a -- b -')]));
  const root = parseXml(doc);
  const clean = nasty.replace('\u0001', '\ufffd');
  assert.equal(root.attrs['v'], clean);
  assert.equal(textOf(elements(root, 't')[0]!), clean.trim());
  assert.ok(!doc.includes('\u0001'));
  assert.equal(escapeAttr('\n'), '&#10;');
});

test('the reader refuses DOCTYPEs, unknown entities and malformed documents with an offset', () => {
  const bad = [
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>',
    '<x>&e;</x>',
    '<x><y></x>',
    '<x a="1" a="2"/>',
    '<x>',
    '<x/><y/>',
    '<x a="<"/>',
  ];
  for (const text of bad) assert.throws(() => parseXml(text), XmlParseError, text);
  assert.throws(() => parseXml('<x>'), /at offset \d+/);
});

test('element and attribute names are checked when writing', () => {
  assert.throws(() => el('bad name'));
  assert.throws(() => el('ok', { 'a b': 1 }));
});

test('numeric references and CDATA are read', () => {
  const root = parseXml('<x a="&#65;&#x42;"><![CDATA[<raw>]]></x>');
  assert.equal(root.attrs['a'], 'AB');
  assert.equal(textOf(root), '<raw>');
});
