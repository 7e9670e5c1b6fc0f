// ISO 3166-1 alpha-2 codes; their names come from the browser (Intl.DisplayNames) in the
// reader's language, so no list of names ships with the dashboard.
import { intlLocale } from './i18n.js';

const CODES = (
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG ' +
  'CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL ' +
  'GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA ' +
  'LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP ' +
  'NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
  'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' ');

/** The name of a country code in the reader's language (the code itself if the browser has none). */
export function countryName(code) {
  try {
    return new Intl.DisplayNames([intlLocale()], { type: 'region' }).of(code) || code;
  } catch {
    return code;
  }
}

/** Every country as `{value, label}`, sorted by name in the reader's language. */
export function countryOptions() {
  const names = new Intl.DisplayNames([intlLocale()], { type: 'region' });
  const collator = new Intl.Collator(intlLocale());
  return CODES.map((code) => ({ value: code, label: names.of(code) || code })).sort((a, b) => collator.compare(a.label, b.label));
}

/** The country of the browser's language tag (`de-AT` → AT), if it names one. */
export function browserCountry() {
  for (const tag of navigator.languages || [navigator.language]) {
    try {
      const region = new Intl.Locale(tag).maximize().region;
      if (region && CODES.includes(region)) return region;
    } catch {
      // Not a tag Intl understands.
    }
  }
  return '';
}

/**
 * Every IANA time zone the browser knows, plus the browser's own and `keep` (the account's,
 * such as "UTC", which some browsers leave out of their list): a select must never silently
 * show, and save, another zone than the one stored.
 */
export function timeZones(keep) {
  let list = [];
  try {
    list = [...Intl.supportedValuesOf('timeZone')];
  } catch {
    list = ['UTC'];
  }
  for (const zone of [Intl.DateTimeFormat().resolvedOptions().timeZone, 'UTC', keep]) {
    if (zone && !list.includes(zone)) list.unshift(zone);
  }
  return list;
}
