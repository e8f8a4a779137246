import { DateInput } from '@mantine/dates';
import { parseRuDate } from '../../shared/i18n/dates';

interface Props {
  label: string;
  value: string | null;
  onChange(value: string | null): void;
  error?: string | undefined;
  readOnly?: boolean;
  required?: boolean;
  minDate?: string;
  maxDate?: string;
}

/** A date typed as «ДД.ММ.ГГГГ» or picked from the Russian calendar; the value is an ISO day. */
export function DateField(p: Props) {
  return (
    <DateInput
      label={p.label}
      value={p.value}
      onChange={(v) => p.onChange(v)}
      error={p.error}
      readOnly={p.readOnly}
      required={p.required}
      minDate={p.minDate}
      maxDate={p.maxDate}
      valueFormat="DD.MM.YYYY"
      placeholder="ДД.ММ.ГГГГ"
      dateParser={(text) => parseRuDate(text)}
      clearable={!p.readOnly && !p.required}
    />
  );
}
