package io.cdpwatch.core.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * An enumerated value as EM reported it: the documented constant when the text is one, and always
 * the raw text. EM adds values between releases and its own samples show undocumented ones (a
 * policy session with {@code Result None}), so an unknown value is kept, never a parse failure.
 *
 * @param <E> the documented values
 */
public record Reported<E extends Enum<E> & Reported.Documented>(Optional<E> known, String raw) {

  /** An enum of documented EM values, each with its text as EM writes it. */
  public interface Documented {
    String emText();
  }

  public Reported {
    Objects.requireNonNull(known, "'known' must not be null");
    Objects.requireNonNull(raw, "'raw' must not be null");
  }

  /**
   * Reads {@code raw} as one of {@code values} (case-insensitively), keeping the text either way.
   */
  public static <E extends Enum<E> & Documented> Reported<E> of(E[] values, String raw) {
    Objects.requireNonNull(raw, "'raw' must not be null");
    String text = raw.strip();
    for (E value : values) {
      if (value.emText().equalsIgnoreCase(text)) {
        return new Reported<E>(Optional.of(value), text);
      }
    }
    return new Reported<E>(Optional.empty(), text);
  }

  public static <E extends Enum<E> & Documented> Reported<E> of(E value) {
    return new Reported<E>(Optional.of(value), value.emText());
  }

  public boolean is(E value) {
    return known.isPresent() && known.get() == value;
  }

  public boolean isDocumented() {
    return known.isPresent();
  }

  // Written out, as in Uid: the generated ones cost a short-lived check start-up time.
  @Override
  public boolean equals(Object other) {
    return other instanceof Reported<?> that && known.equals(that.known) && raw.equals(that.raw);
  }

  @Override
  public int hashCode() {
    return 31 * known.hashCode() + raw.hashCode();
  }

  @Override
  public String toString() {
    return raw;
  }
}
