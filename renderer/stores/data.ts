/** Accounts, settings, redirect rules, discovered devices and server info, as the server has them. */
import { create } from 'zustand';
import type { AccountView } from '../../shared/domain/account';
import type { Device } from '../../shared/domain/inventory';
import type { RedirectRule } from '../../shared/domain/redirect';
import type { SettingsView } from '../../shared/domain/settings';
import type { ServerInfo } from '../../shared/api/views';

export interface DataState {
  accounts: AccountView[];
  accountsLoaded: boolean;
  /** As the API shows them: no AMI secret or digest password, only whether each is set. */
  settings?: SettingsView;
  rules: RedirectRule[];
  devices: Device[];
  devicesLoaded: boolean;
  info?: ServerInfo;
  setAccounts(a: AccountView[]): void;
  setSettings(s: SettingsView): void;
  setRules(r: RedirectRule[]): void;
  setDevices(d: Device[]): void;
  upsertDevice(d: Device): void;
  setInfo(i: ServerInfo): void;
}

export const useData = create<DataState>()((set, get) => ({
  accounts: [],
  accountsLoaded: false,
  rules: [],
  devices: [],
  devicesLoaded: false,
  setAccounts: (accounts) =>
    set({
      accounts: [...accounts].sort((a, b) => a.userName.localeCompare(b.userName, undefined, { numeric: true })),
      accountsLoaded: true,
    }),
  setSettings: (settings) => set({ settings }),
  setRules: (rules) => set({ rules }),
  setDevices: (devices) => set({ devices, devicesLoaded: true }),
  upsertDevice: (device) => {
    const list = get().devices;
    const i = list.findIndex((d) => d.mac === device.mac);
    set({ devices: i < 0 ? [...list, device] : list.map((d, j) => (j === i ? device : d)) });
  },
  setInfo: (info) => set({ info }),
}));
