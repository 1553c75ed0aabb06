/** A form field's error, shown under it (messages from lib/fieldErrors.ts); `id` is its element id and test id. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <small className="field-error" id={id} data-testid={id}>
      {message}
    </small>
  );
}
