/** The seeds' dialect: `<mac>.boot` (or Yealink's common `y000000000000.boot`), ACC.cfg, BTN.cfg. */
import { ACC_FILE, BTN_FILE, bootFileName, renderAccCfg, renderBootFile, renderBtnCfg } from '../config/defaultDialect';
import type { Mac } from '../mac';
import type { Dialect, ServedFile } from './types';

const CFG = 'text/plain; charset=utf-8';

export const defaultDialect: Dialect = {
  id: 'default',
  bootFileName,
  fileFor(name: string, mac: Mac): ServedFile | undefined {
    const lower = name.toLowerCase();
    if (lower === `${mac}.boot` || lower === 'y000000000000.boot' || lower === 'bootfile') {
      return { name, role: 'boot', provides: ['boot'], secret: false, contentType: CFG, render: renderBootFile };
    }
    if (lower === ACC_FILE.toLowerCase()) {
      return { name, role: 'account', provides: ['account'], secret: true, contentType: CFG, render: renderAccCfg };
    }
    if (lower === BTN_FILE.toLowerCase()) {
      return { name, role: 'buttons', provides: ['buttons'], secret: false, contentType: CFG, render: renderBtnCfg };
    }
    return undefined;
  },
};
