import { printSlips, setDisabled } from './credentials';
import {
  classes,
  classFamilies,
  createFamilyAccounts,
  paperDiary,
  setConsent,
  setPaperDiary,
} from './families';
import { saveSlipSettings, slipSettings } from './settings';
import { saveStaff, staff } from './staff';

/** The administrator's accounts: every method of shared/accounts/contract.ts bound to its service. */
export const handlers = {
  'accounts.staff': staff,
  'accounts.saveStaff': saveStaff,
  'accounts.classes': classes,
  'accounts.classFamilies': classFamilies,
  'accounts.createFamilyAccounts': createFamilyAccounts,
  'accounts.printSlips': printSlips,
  'accounts.setDisabled': setDisabled,
  'accounts.setConsent': setConsent,
  'accounts.setPaperDiary': setPaperDiary,
  'accounts.paperDiary': paperDiary,
  'accounts.slipSettings': slipSettings,
  'accounts.saveSlipSettings': saveSlipSettings,
} as const;
