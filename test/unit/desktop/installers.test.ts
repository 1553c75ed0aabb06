/**
 * The installer configuration and its resources, checked here where electron-builder cannot run
 * (it downloads Electron): the config passes electron-builder's own schema, names every target
 * the issue asks for, and every icon and the licence it points at exist and are well formed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const require = createRequire(join(ROOT, 'package.json'));

interface Target {
  target: string;
  arch: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { buildResources: string; output: string };
  files: string[];
  asar: boolean;
  npmRebuild: boolean;
  artifactName: string;
  win: { target: Target[]; icon: string };
  nsis: { license: string; artifactName: string };
  mac: { target: Target[]; icon: string };
  dmg: { artifactName: string };
  linux: { target: Target[]; icon: string };
  deb: { artifactName: string };
  appImage: { artifactName: string };
  electronFuses: Record<string, boolean>;
}

const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const res = (p: string) => join(ROOT, config.directories.buildResources, p);

test('the config passes electron-builder\u2019s own schema', async () => {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    validateConfiguration(c: unknown, log: unknown): Promise<void>;
  };
  const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
  await assert.rejects(validateConfiguration({ ...config, notAnOption: 1 }, new DebugLogger(false)), /notAnOption/);
});

test('NSIS for Windows, DMG for macOS on x64 and arm64, AppImage and .deb for Linux', () => {
  assert.deepEqual(config.win.target, [{ target: 'nsis', arch: ['x64'] }]);
  assert.deepEqual(config.mac.target, [{ target: 'dmg', arch: ['x64', 'arm64'] }]);
  assert.deepEqual(config.linux.target.map((t) => t.target).sort(), ['AppImage', 'deb']);
  assert.equal(config.productName, 'Deskphone Provisioner');
  assert.match(config.appId, /^[a-z0-9.-]+$/);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { productName: string; main: string };
  assert.equal(pkg.productName, config.productName, 'userData folder name and installer agree');
  assert.equal(pkg.main, 'dist/electron/main.cjs');
});

test('every artifact name carries the version and the architecture, and they differ per target', () => {
  const names = [
    config.artifactName,
    config.nsis.artifactName,
    config.dmg.artifactName,
    config.deb.artifactName,
    config.appImage.artifactName,
  ];
  for (const n of names) {
    assert.match(n, /\$\{version\}/, n);
    assert.match(n, /\$\{arch\}/, n);
    assert.doesNotMatch(n, /\s/, 'no spaces in file names');
  }
  assert.notEqual(config.deb.artifactName.replace('${ext}', 'deb'), config.appImage.artifactName.replace('${ext}', 'AppImage'));
});

test('the app ships the bundles only: no node_modules, no source maps, asar on, nothing to rebuild', () => {
  assert.ok(config.files.includes('dist/electron/**'));
  assert.ok(config.files.includes('dist/renderer/**'));
  assert.ok(config.files.includes('!node_modules/**'));
  assert.ok(config.files.includes('!dist/**/*.map'));
  assert.equal(config.asar, true);
  assert.equal(config.npmRebuild, false);
});

function pngSize(buf: Buffer): number {
  assert.equal(buf.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
  assert.equal(buf.subarray(12, 16).toString('ascii'), 'IHDR');
  const w = buf.readUInt32BE(16);
  assert.equal(buf.readUInt32BE(20), w, 'square');
  return w;
}

test('icons: PNGs for Linux, an ICO for Windows and an ICNS for macOS, each well formed', () => {
  for (const s of [16, 32, 48, 64, 128, 256, 512, 1024]) assert.equal(pngSize(readFileSync(res(`${config.linux.icon}/${s}x${s}.png`))), s);

  const ico = readFileSync(res(config.win.icon));
  assert.equal(ico.readUInt16LE(2), 1, 'icon type');
  const count = ico.readUInt16LE(4);
  const sizes: number[] = [];
  for (let i = 0; i < count; i++) {
    const e = 6 + 16 * i;
    const len = ico.readUInt32LE(e + 8);
    const off = ico.readUInt32LE(e + 12);
    const size = pngSize(ico.subarray(off, off + len));
    assert.equal(ico[e] === 0 ? 256 : ico[e], size);
    sizes.push(size);
  }
  assert.ok(sizes.includes(256) && sizes.includes(16), `ico sizes ${sizes}`);

  const icns = readFileSync(res(config.mac.icon));
  assert.equal(icns.subarray(0, 4).toString('ascii'), 'icns');
  assert.equal(icns.readUInt32BE(4), icns.length);
  const types: string[] = [];
  for (let off = 8; off < icns.length;) {
    const type = icns.subarray(off, off + 4).toString('ascii');
    const len = icns.readUInt32BE(off + 4);
    pngSize(icns.subarray(off + 8, off + len));
    types.push(type);
    off += len;
  }
  assert.ok(types.includes('ic10') && types.includes('ic07'), `icns types ${types}`);
});

test('the licence the installer shows is there', () => {
  assert.ok(existsSync(res(config.nsis.license)));
  assert.match(readFileSync(res(config.nsis.license), 'utf8'), /MIT License/);
});

test('the packaged binary is fused: no run-as-Node, app.asar only and checked, no NODE_OPTIONS or --inspect', () => {
  const f = config.electronFuses;
  assert.equal(f['runAsNode'], false);
  assert.equal(f['onlyLoadAppFromAsar'], true);
  assert.equal(f['enableEmbeddedAsarIntegrityValidation'], true);
  assert.equal(f['enableNodeOptionsEnvironmentVariable'], false);
  assert.equal(f['enableNodeCliInspectArguments'], false);
  assert.equal(f['grantFileProtocolExtraPrivileges'], false);
  assert.equal(config.asar, true, 'the integrity check needs the app in an asar');
});
