package io.cdpwatch.adapters.http;

import io.cdpwatch.adapters.http.FixtureMutationProperties.Mutation;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random mutations of every fixture read by the client's XML reader and by the JDK's: the same
 * events, or both refuse (agreeing on what came before). The random text is ASCII with a few
 * letters beyond it: in names, the JDK's reader follows an older edition of XML's name characters
 * than the client's (both accept what EM's names are made of).
 */
class EmXmlReaderProperties {

  @Provide
  Arbitrary<String> fixture() {
    return Arbitraries.of(List.copyOf(FixtureMutationProperties.FIXTURES.keySet()));
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    return FixtureMutationProperties.mutations(
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars('\t', '\n', '\r', 'ü', 'ß', 'é', '\u4E2D')
            .ofMaxLength(20));
  }

  @Property(tries = 3000)
  void aMutatedFixtureGivesTheJdksEventsOrBothRefuseIt(
      @ForAll("fixture") String name, @ForAll("mutations") List<Mutation> mutations) {
    byte[] body = FixtureMutationProperties.FIXTURES.get(name);
    for (Mutation m : mutations) {
      body = m.apply(body);
    }
    EmXmlReaderTest.assertSameEvents(body, name + " mutated by " + mutations);
  }
}
