import { card, saveCard } from './card';
import { groups, setGroup } from './groups';
import { arrive, cancelMovement, leave, transfer } from './movement';
import { classes, classList } from './roster';

/** The students feature's methods, bound in src/main/features.ts. */
export const handlers = {
  'students.classes': classes,
  'students.classList': classList,
  'students.card': card,
  'students.saveCard': saveCard,
  'students.arrive': arrive,
  'students.leave': leave,
  'students.transfer': transfer,
  'students.cancelMovement': cancelMovement,
  'students.groups': groups,
  'students.setGroup': setGroup,
} as const;
