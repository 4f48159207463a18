import type { Date as EngineDate } from './generated/rules/interfaces/licence-engine-records.js';

/** `'2026-02-01'` as the record `{ year: 2026, month: 2, day: 1 }`. */
export declare function date(text: string): EngineDate;
/** A `date` record as `YYYY-MM-DD`. */
export declare function dateText(date: EngineDate): string;
/** The day number (days since 1970-01-01) of a `date` record or a `YYYY-MM-DD` text. */
export declare function dayNumber(date: EngineDate | string): number;
/** The `date` record of a day number. */
export declare function dateOf(day: number): EngineDate;
/** The expiry of a licence that never expires, in the batch calls (-2147483648). */
export declare const NEVER: -2147483648;
