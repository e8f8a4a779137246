import { addPastYears } from '/work/main/bench/past-years';
import { openJournal } from '/work/main/src/main/db/migrate';
import { generateDemoSchool } from '/work/main/src/main/demo/generate';

const path = '/work/benchdb/school5.sqlite';
const { db } = openJournal(path, { storage: 'local' });
generateDemoSchool(db, { students: 2000, seed: 1, today: '2027-05-27', lessonsUntil: 'year' });
addPastYears(db.sqlite, 5);
db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
db.close();
console.log('built');
