export interface SelectOption {
  value: string;
  label: string;
}

/**
 * A labelled `<select>`: the label, the list, and an optional first choice with the empty
 * value ("all", "choose…"). Options may be loading: pass an empty list meanwhile.
 */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  emptyChoice,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: SelectOption[];
  emptyChoice?: string;
}) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {emptyChoice !== undefined && <option value="">{emptyChoice}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </>
  );
}

/** Options from things with an id and a name or title. */
export const optionsOf = (
  items: ReadonlyArray<{ id: string; name?: string; title?: string }>,
): SelectOption[] =>
  items.map((item) => ({ value: item.id, label: item.title ?? item.name ?? '' }));
