/** Yealink key type codes (FORMATS.md section 2); the capability list is the map's keys. */
import type { ButtonType } from '../../domain/button';
import { YEALINK_KEY_TYPE } from '../../config/yealinkCodes';

export const YEALINK_BUTTON_CODES: Readonly<Partial<Record<ButtonType, number>>> = YEALINK_KEY_TYPE;
