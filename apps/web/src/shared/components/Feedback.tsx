export interface FeedbackMessage {
  kind: 'success' | 'error';
  text: string;
}

/**
 * Live regions for the result of an action: successes are announced politely (status),
 * failures at once (alert). Both regions stay in the page so that changes are announced.
 */
export function Feedback({ id, message }: { id?: string; message: FeedbackMessage | null }) {
  return (
    <>
      <div role="status">
        {message?.kind === 'success' && <p className="notice">{message.text}</p>}
      </div>
      <div role="alert" id={id}>
        {message?.kind === 'error' && <p className="field-error">{message.text}</p>}
      </div>
    </>
  );
}
