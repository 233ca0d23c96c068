/** The note on a result "Test from this browser" produced: a chunk of its own, shown only then. */
export default function DirectNote(props: { providerName: string }) {
  return (
    <p class="kt-note kt-info kt-direct-note">
      Measured from this browser: the key went straight to {props.providerName}, not through Keyprobe. Times include your own network and come from your browser's
      clock.
    </p>
  );
}
