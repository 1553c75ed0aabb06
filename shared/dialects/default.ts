/** The seeds' dialect: `<mac>.boot` (or Yealink's common `y000000000000.boot`), ACC.cfg, BTN.cfg. */
import { ACC_FILE, BTN_FILE, bootFileName, renderAccCfg, renderBootFile, renderBtnCfg } from '../config/defaultDialect';
import type { Mac } from '../mac';
import type { Dialect, ServedFile } from './types';
import { CONTENT_CFG } from './servedFile';

export const defaultDialect: Dialect = {
  id: 'default',
  bootFileName,
  fileFor(name: string, mac: Mac): ServedFile | undefined {
    const lower = name.toLowerCase();
    if (lower === `${mac}.boot` || lower === 'y000000000000.boot' || lower === 'bootfile') {
      return { name, role: 'boot', provides: ['boot'], secret: false, contentType: CONTENT_CFG, render: renderBootFile };
    }
    if (lower === ACC_FILE.toLowerCase()) {
      return { name, role: 'account', provides: ['account'], secret: true, contentType: CONTENT_CFG, render: renderAccCfg };
    }
    if (lower === BTN_FILE.toLowerCase()) {
      return { name, role: 'buttons', provides: ['buttons'], secret: false, contentType: CONTENT_CFG, render: renderBtnCfg };
    }
    return undefined;
  },
};
