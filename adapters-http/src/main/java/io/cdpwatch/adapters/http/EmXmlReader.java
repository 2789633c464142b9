package io.cdpwatch.adapters.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.namespace.QName;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The StAX reader of EM's answers: a namespace-aware XML 1.0 pull parser for documents without a
 * DTD, which is what EM sends (elements, attributes, text, CDATA sections, comments, processing
 * instructions). It replaced the JDK's parser (Xerces) on every path: in a check that reads a few
 * hundred kilobytes once, Xerces' first run cost a sixth of the process's CPU (bench/README.md).
 *
 * <p>Hostile input is refused by construction: a DOCTYPE is reported as a {@code DTD} event and
 * nothing after it is read, so no DTD, entity or external resource is ever read or fetched; the
 * five predefined entities and character references are the only references. Names, attributes per
 * element, nesting and a single text are bounded. Bytes that are not valid in the document's
 * encoding, characters XML does not allow, and every well-formedness error end in an {@link
 * XMLStreamException} with the line it was found on; a failure of the underlying stream is its
 * cause.
 *
 * <p>Text is coalesced, as the JDK's reader does with {@code IS_COALESCING}: adjacent character
 * data, references and CDATA sections are one {@code CHARACTERS} event. Line ends are normalised to
 * {@code \n}, attribute values as XML normalises {@code CDATA} attributes. Whitespace outside the
 * root element is not reported. The encoding is taken from a byte-order mark or the XML
 * declaration, UTF-8 otherwise. {@link #close} leaves the stream open, as StAX readers do.
 */
final class EmXmlReader implements XMLStreamReader {

  static final int MAX_NAME = 1000;
  static final int MAX_ATTRIBUTES = 256;
  static final int MAX_DEPTH = 100_000;
  static final int MAX_TEXT = 1 << 20;

  /** How far the XML declaration is looked for its encoding, before the text is decoded. */
  private static final int HEAD = 512;

  private static final String CDATA_START = "<![CDATA[";
  private static final String DOCTYPE = "<!DOCTYPE";

  private final Reader in;
  private final String encoding;
  private final char[] buf = new char[8192];
  private int pos;
  private int lim;
  private boolean eof;
  private boolean afterCr;

  /** Where {@code buf[0]} is in the document. */
  private int bufLine = 1;

  private int bufColumn = 1;
  private int bufOffset;

  private int event = START_DOCUMENT;
  private String version;
  private String declaredEncoding;
  private Boolean standalone;
  private boolean rootSeen;

  /** The open elements, the current one included while its START or END_ELEMENT is the event. */
  private int depth;

  private Name[] open = new Name[16];

  /** Namespace bindings in scope; {@code nsMark[d]} is where the element at depth d's begin. */
  private String[] nsPrefix = new String[8];

  private String[] nsUri = new String[8];
  private int[] nsMark = new int[17];
  private int nsTop;

  private boolean emptyElement;
  private int attributes;
  private String[] attrQName = new String[8];
  private String[] attrValue = new String[8];
  private Name[] attrName = new Name[8];

  private String text;
  private char[] textChars;
  private String piTarget;
  private String piData;

  private final StringBuilder sb = new StringBuilder();
  private final String[] names = new String[256];

  /** A qualified name as read, its parts, and its namespace (null for none). */
  private record Name(String qname, String prefix, String local, String uri) {}

  private EmXmlReader(Reader in, String encoding) throws XMLStreamException {
    this.in = in;
    this.encoding = encoding;
    if (ensure(1) && buf[pos] == '\uFEFF') {
      pos++;
    }
    if (ensure(6) && startsWith("<?xml") && isSpace(buf[pos + 5])) {
      declaration();
    }
  }

  /**
   * A reader of {@code bytes}, in the encoding its byte-order mark or XML declaration names, else
   * UTF-8. Reads the first bytes to tell.
   */
  static EmXmlReader open(InputStream bytes) throws XMLStreamException {
    PushbackInputStream in = new PushbackInputStream(bytes, HEAD);
    byte[] head = new byte[HEAD];
    int n = 0;
    try {
      while (n < head.length) {
        int read = in.read(head, n, head.length - n);
        if (read < 0) {
          break;
        }
        n += read;
        if (n >= 4 && !startsWith(head, "<?xm")) {
          break;
        }
        if (endsDeclaration(head, n)) {
          break;
        }
      }
      if (n > 0) {
        in.unread(head, 0, n);
      }
    } catch (IOException e) {
      XMLStreamException failure = new XMLStreamException(e.getMessage(), e);
      if (failure.getCause() == null) {
        failure.initCause(e);
      }
      throw failure;
    }
    Charset charset = charset(head, n);
    Reader reader =
        new InputStreamReader(
            in,
            charset
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    return new EmXmlReader(reader, charset.name());
  }

  private static boolean startsWith(byte[] head, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (head[i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean endsDeclaration(byte[] head, int n) {
    for (int i = 1; i < n; i++) {
      if (head[i - 1] == '?' && head[i] == '>') {
        return true;
      }
    }
    return false;
  }

  private static Charset charset(byte[] head, int n) throws XMLStreamException {
    int b0 = n > 0 ? head[0] & 0xFF : -1;
    int b1 = n > 1 ? head[1] & 0xFF : -1;
    int b2 = n > 2 ? head[2] & 0xFF : -1;
    int b3 = n > 3 ? head[3] & 0xFF : -1;
    if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
      return StandardCharsets.UTF_16;
    }
    if (b0 == 0 && b1 == '<' && b2 == 0 && b3 == '?') {
      return StandardCharsets.UTF_16BE;
    }
    if (b0 == '<' && b1 == 0 && b2 == '?' && b3 == 0) {
      return StandardCharsets.UTF_16LE;
    }
    if (n < 6 || !startsWith(head, "<?xml") || !isSpace((char) head[5])) {
      return StandardCharsets.UTF_8;
    }
    String declaration = new String(head, 0, n, StandardCharsets.ISO_8859_1);
    int end = declaration.indexOf("?>");
    if (end < 0) {
      throw new XMLStreamException(
          "the XML declaration does not end (within the first " + HEAD + " bytes)");
    }
    int at = declaration.indexOf("encoding");
    if (at < 0 || at > end) {
      return StandardCharsets.UTF_8;
    }
    int i = at + "encoding".length();
    while (i < declaration.length() && isSpace(declaration.charAt(i))) {
      i++;
    }
    if (i >= declaration.length() || declaration.charAt(i) != '=') {
      return StandardCharsets.UTF_8;
    }
    i++;
    while (i < declaration.length() && isSpace(declaration.charAt(i))) {
      i++;
    }
    if (i >= declaration.length()) {
      return StandardCharsets.UTF_8;
    }
    char quote = declaration.charAt(i);
    int close = declaration.indexOf(quote, i + 1);
    if ((quote != '"' && quote != '\'') || close < 0) {
      return StandardCharsets.UTF_8;
    }
    String name = declaration.substring(i + 1, close);
    if (name.equalsIgnoreCase("UTF-8") || name.equalsIgnoreCase("UTF8")) {
      return StandardCharsets.UTF_8;
    }
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      throw new XMLStreamException(
          "the document declares the encoding '" + printable(name) + "', which cannot be read");
    }
  }

  // ---------------------------------------------------------------- events

  @Override
  public int next() throws XMLStreamException {
    switch (event) {
      case END_DOCUMENT -> throw new NoSuchElementException("the document has ended");
      case DTD -> throw error("a document with a DOCTYPE is not read past it");
      case START_ELEMENT -> {
        if (emptyElement) {
          emptyElement = false;
          return event = END_ELEMENT;
        }
      }
      case END_ELEMENT -> {
        nsTop = nsMark[depth];
        depth--;
      }
      default -> {
        // nothing to undo
      }
    }
    attributes = 0;
    text = null;
    textChars = null;
    piTarget = null;
    piData = null;
    return event = depth == 0 ? outside() : content();
  }

  /** The prolog and what follows the root element. */
  private int outside() throws XMLStreamException {
    while (true) {
      skipSpace();
      if (!ensure(1)) {
        return END_DOCUMENT;
      }
      if (buf[pos] != '<') {
        throw error(rootSeen ? "text after the root element" : "text before the root element");
      }
      if (!ensure(2)) {
        throw ended();
      }
      char c = buf[pos + 1];
      if (c == '?') {
        pos += 2;
        return processingInstruction();
      }
      if (c == '!') {
        if (ensure(4) && startsWith("<!--")) {
          pos += 4;
          return comment();
        }
        if (!rootSeen && ensure(DOCTYPE.length()) && startsWith(DOCTYPE)) {
          text = "";
          return DTD;
        }
        throw error("markup '<!' that is not a comment outside the root element");
      }
      if (rootSeen) {
        throw error("a second root element");
      }
      return startTag();
    }
  }

  private int content() throws XMLStreamException {
    if (!ensure(1)) {
      throw ended();
    }
    if (buf[pos] != '<') {
      return characters();
    }
    if (!ensure(2)) {
      throw ended();
    }
    char c = buf[pos + 1];
    if (c == '/') {
      return endTag();
    }
    if (c == '?') {
      pos += 2;
      return processingInstruction();
    }
    if (c == '!') {
      if (ensure(4) && startsWith("<!--")) {
        pos += 4;
        return comment();
      }
      if (ensure(CDATA_START.length()) && startsWith(CDATA_START)) {
        return characters();
      }
      throw error("markup '<!' that is neither a comment nor a CDATA section");
    }
    return startTag();
  }

  private void declaration() throws XMLStreamException {
    pos += 5;
    String[] order = {"version", "encoding", "standalone"};
    int next = 0;
    while (true) {
      boolean space = skipSpace();
      if (ensure(2) && buf[pos] == '?' && buf[pos + 1] == '>') {
        pos += 2;
        break;
      }
      if (!space) {
        throw error("the XML declaration is malformed");
      }
      String name = name();
      while (next < order.length && !order[next].equals(name)) {
        next++;
      }
      if (next == order.length || (version == null && next != 0)) {
        throw error("the XML declaration is malformed ('" + printable(name) + "')");
      }
      skipSpace();
      expect('=');
      skipSpace();
      String value = attributeValue();
      switch (next++) {
        case 0 -> version = value;
        case 1 -> {
          if (!encodingName(value)) {
            throw error("the XML declaration's encoding is not a name");
          }
          declaredEncoding = value;
        }
        default -> {
          if (!value.equals("yes") && !value.equals("no")) {
            throw error("the XML declaration's standalone is neither yes nor no");
          }
          standalone = value.equals("yes");
        }
      }
    }
    if (version == null) {
      throw error("the XML declaration names no version");
    }
    if (!version.startsWith("1.") || version.length() == 2 || !digits(version.substring(2))) {
      throw error("XML version " + printable(version) + " (only XML 1.0 is read)");
    }
  }

  private int startTag() throws XMLStreamException {
    pos++;
    String qname = name();
    int mark = nsTop;
    boolean empty;
    while (true) {
      boolean space = skipSpace();
      if (!ensure(1)) {
        throw ended();
      }
      char c = buf[pos];
      if (c == '>') {
        pos++;
        empty = false;
        break;
      }
      if (c == '/') {
        if (!ensure(2)) {
          throw ended();
        }
        if (buf[pos + 1] != '>') {
          throw error("'/' in <" + printable(qname) + "> not followed by '>'");
        }
        pos += 2;
        empty = true;
        break;
      }
      if (!space) {
        throw error("the attributes of <" + printable(qname) + "> are not separated by spaces");
      }
      String name = name();
      skipSpace();
      expect('=');
      skipSpace();
      String value = attributeValue();
      if (name.equals("xmlns")) {
        declare(mark, "", value);
      } else if (name.startsWith("xmlns:")) {
        declare(mark, name.substring("xmlns:".length()), value);
      } else {
        addAttribute(name, value);
      }
    }
    if (depth == MAX_DEPTH) {
      throw error("elements nested deeper than " + MAX_DEPTH);
    }
    if (depth + 1 == open.length) {
      open = Arrays.copyOf(open, open.length * 2);
      nsMark = Arrays.copyOf(nsMark, open.length + 1);
    }
    depth++;
    nsMark[depth] = mark;
    open[depth] = resolved(qname, true);
    resolveAttributes();
    emptyElement = empty;
    rootSeen = true;
    return START_ELEMENT;
  }

  private void declare(int mark, String prefix, String uri) throws XMLStreamException {
    if (prefix.equals(XMLConstants.XMLNS_ATTRIBUTE)
        || uri.equals(XMLConstants.XMLNS_ATTRIBUTE_NS_URI)
        || (prefix.equals(XMLConstants.XML_NS_PREFIX) != uri.equals(XMLConstants.XML_NS_URI))) {
      throw error(
          "a reserved namespace prefix or name is redeclared ('" + printable(prefix) + "')");
    }
    if (uri.length() > MAX_NAME) {
      throw error("a namespace name longer than " + MAX_NAME + " characters");
    }
    if (!prefix.isEmpty() && uri.isEmpty()) {
      throw error("the namespace prefix '" + printable(prefix) + "' is declared empty");
    }
    if (!prefix.isEmpty()) {
      colonFree(prefix);
    }
    if (prefix.equals(XMLConstants.XML_NS_PREFIX)) {
      return; // always bound; the JDK's reader does not report it either
    }
    for (int i = mark; i < nsTop; i++) {
      if (nsPrefix[i].equals(prefix)) {
        throw error("the namespace prefix '" + printable(prefix) + "' is declared twice");
      }
    }
    if (nsTop == nsPrefix.length) {
      nsPrefix = Arrays.copyOf(nsPrefix, nsTop * 2);
      nsUri = Arrays.copyOf(nsUri, nsTop * 2);
    }
    nsPrefix[nsTop] = prefix;
    nsUri[nsTop] = uri;
    nsTop++;
  }

  private void addAttribute(String qname, String value) throws XMLStreamException {
    for (int i = 0; i < attributes; i++) {
      if (attrQName[i].equals(qname)) {
        throw error("the attribute " + printable(qname) + " is repeated");
      }
    }
    if (attributes == MAX_ATTRIBUTES) {
      throw error("an element with more than " + MAX_ATTRIBUTES + " attributes");
    }
    if (attributes == attrQName.length) {
      int size = attributes * 2;
      attrQName = Arrays.copyOf(attrQName, size);
      attrValue = Arrays.copyOf(attrValue, size);
      attrName = Arrays.copyOf(attrName, size);
    }
    attrQName[attributes] = qname;
    attrValue[attributes] = value;
    attributes++;
  }

  /** The attributes' namespaces, once the element's own declarations are known. */
  private void resolveAttributes() throws XMLStreamException {
    for (int i = 0; i < attributes; i++) {
      Name name = resolved(attrQName[i], false);
      for (int j = 0; j < i && name.uri() != null; j++) {
        if (name.uri().equals(attrName[j].uri()) && name.local().equals(attrName[j].local())) {
          throw error("the attribute " + printable(name.qname()) + " is repeated");
        }
      }
      attrName[i] = name;
    }
  }

  /** {@code qname} split and resolved; an unprefixed attribute has no namespace. */
  private Name resolved(String qname, boolean element) throws XMLStreamException {
    int colon = colon(qname);
    if (colon < 0) {
      return new Name(qname, null, qname, element ? resolve("", qname) : null);
    }
    String prefix = qname.substring(0, colon);
    return new Name(qname, prefix, qname.substring(colon + 1), resolve(prefix, qname));
  }

  /** The namespace of {@code prefix} ("" the default one), null for none. */
  private String resolve(String prefix, String qname) throws XMLStreamException {
    String uri = bound(prefix);
    if (uri == null && !prefix.isEmpty()) {
      throw error("the namespace prefix of " + printable(qname) + " is not declared");
    }
    return uri == null || uri.isEmpty() ? null : uri;
  }

  /** The binding of {@code prefix} in scope, null if none. */
  private String bound(String prefix) {
    for (int i = nsTop - 1; i >= 0; i--) {
      if (nsPrefix[i].equals(prefix)) {
        return nsUri[i];
      }
    }
    if (prefix.equals(XMLConstants.XML_NS_PREFIX)) {
      return XMLConstants.XML_NS_URI;
    }
    if (prefix.equals(XMLConstants.XMLNS_ATTRIBUTE)) {
      return XMLConstants.XMLNS_ATTRIBUTE_NS_URI;
    }
    return null;
  }

  /**
   * Where the prefix of a qualified name ends, or -1; refuses names that are not QNames. A name
   * that starts with a colon has no prefix, as the JDK's reader reads it.
   */
  private int colon(String qname) throws XMLStreamException {
    int colon = qname.indexOf(':');
    if (colon == 0) {
      return -1;
    }
    if (colon > 0 && (colon == qname.length() - 1 || qname.indexOf(':', colon + 1) >= 0)) {
      throw error("the name " + printable(qname) + " is not a qualified name");
    }
    if (colon > 0 && !isNameStart(qname.charAt(colon + 1))) {
      throw error("the name " + printable(qname) + " is not a qualified name");
    }
    return colon;
  }

  private void colonFree(String prefix) throws XMLStreamException {
    if (prefix.indexOf(':') >= 0) {
      throw error("the namespace prefix '" + printable(prefix) + "' holds a colon");
    }
  }

  private int endTag() throws XMLStreamException {
    pos += 2;
    String qname = name();
    skipSpace();
    expect('>');
    if (!qname.equals(open[depth].qname())) {
      throw error(
          "the end tag </"
              + printable(qname)
              + "> does not match <"
              + printable(open[depth].qname())
              + ">");
    }
    return END_ELEMENT;
  }

  /** Character data, references and CDATA sections up to the next other markup. */
  private int characters() throws XMLStreamException {
    sb.setLength(0);
    int brackets = 0;
    while (true) {
      if (pos == lim && !fill()) {
        throw ended();
      }
      int i = pos;
      while (i < lim) {
        char c = buf[i];
        if (c == '<' || c == '&') {
          break;
        }
        if (c == ']') {
          brackets++;
        } else if (c == '>' && brackets >= 2) {
          throw error("']]>' in text");
        } else {
          brackets = 0;
        }
        i++;
      }
      if (i == lim) {
        sb.append(buf, pos, i - pos);
        pos = i;
        limitText(sb);
        continue;
      }
      if (buf[i] == '&') {
        sb.append(buf, pos, i - pos);
        pos = i;
        reference(sb);
        brackets = 0;
        limitText(sb);
        continue;
      }
      String run = null;
      if (sb.isEmpty()) {
        run = new String(buf, pos, i - pos);
      } else {
        sb.append(buf, pos, i - pos);
      }
      pos = i;
      if (ensure(CDATA_START.length()) && startsWith(CDATA_START)) {
        if (run != null) {
          sb.append(run);
        }
        pos += CDATA_START.length();
        cdata();
        brackets = 0;
        continue;
      }
      text = run != null ? run : sb.toString();
      limitText(sb);
      return CHARACTERS;
    }
  }

  private void cdata() throws XMLStreamException {
    while (true) {
      if (!ensure(3)) {
        throw ended();
      }
      char c = buf[pos];
      if (c == ']' && buf[pos + 1] == ']' && buf[pos + 2] == '>') {
        pos += 3;
        return;
      }
      sb.append(c);
      pos++;
      limitText(sb);
    }
  }

  /** A reference at {@code pos} ({@code &...;}), appended as the characters it stands for. */
  private void reference(StringBuilder to) throws XMLStreamException {
    pos++;
    if (!ensure(1)) {
      throw ended();
    }
    if (buf[pos] != '#') {
      String name = name();
      expect(';');
      switch (name) {
        case "lt" -> to.append('<');
        case "gt" -> to.append('>');
        case "amp" -> to.append('&');
        case "quot" -> to.append('"');
        case "apos" -> to.append('\'');
        default ->
            throw error(
                "the entity &"
                    + printable(name)
                    + "; is not declared (no DTD is read: only the five XML entities are known)");
      }
      return;
    }
    pos++;
    int radix = 10;
    if (ensure(1) && buf[pos] == 'x') {
      radix = 16;
      pos++;
    }
    int code = 0;
    int digits = 0;
    while (true) {
      if (!ensure(1)) {
        throw ended();
      }
      char c = buf[pos++];
      if (c == ';') {
        break;
      }
      int digit = Character.digit(c, radix);
      if (digit < 0 || c > 'f') {
        throw error("a malformed character reference");
      }
      digits++;
      code = Math.min(code * radix + digit, Character.MAX_CODE_POINT + 1);
    }
    if (digits == 0 || !isXmlChar(code)) {
      throw error("a character reference to a character XML does not allow");
    }
    to.appendCodePoint(code);
  }

  private int comment() throws XMLStreamException {
    sb.setLength(0);
    while (true) {
      if (!ensure(1)) {
        throw ended();
      }
      char c = buf[pos];
      if (c == '-') {
        if (!ensure(3)) {
          throw ended();
        }
        if (buf[pos + 1] == '-') {
          if (buf[pos + 2] != '>') {
            throw error("'--' inside a comment");
          }
          pos += 3;
          text = sb.toString();
          return COMMENT;
        }
      }
      sb.append(c);
      pos++;
      limitText(sb);
    }
  }

  /** After {@code <?}. */
  private int processingInstruction() throws XMLStreamException {
    String target = name();
    if (target.equalsIgnoreCase("xml")) {
      throw error("an XML declaration that is not at the start of the document");
    }
    sb.setLength(0);
    boolean space = skipSpace();
    while (true) {
      if (!ensure(2)) {
        throw ended();
      }
      if (buf[pos] == '?' && buf[pos + 1] == '>') {
        pos += 2;
        break;
      }
      if (!space) {
        throw error("a processing instruction's target is not followed by a space");
      }
      sb.append(buf[pos++]);
      limitText(sb);
    }
    piTarget = target;
    piData = sb.toString();
    return PROCESSING_INSTRUCTION;
  }

  // ---------------------------------------------------------------- tokens

  private String name() throws XMLStreamException {
    int i = pos;
    int hash = 0;
    while (true) {
      if (i == lim) {
        int read = i - pos;
        if (!fill()) {
          break;
        }
        i = pos + read;
        continue;
      }
      char c = buf[i];
      if (i == pos ? !isNameStart(c) : !isNameChar(c)) {
        break;
      }
      hash = 31 * hash + c;
      i++;
      if (i - pos > MAX_NAME) {
        throw error("a name longer than " + MAX_NAME + " characters");
      }
    }
    int length = i - pos;
    if (length == 0) {
      if (pos == lim) {
        throw ended();
      }
      throw error("a name was expected, not " + describe(buf[pos]));
    }
    int slot = (hash ^ (hash >>> 8)) & (names.length - 1);
    String name = names[slot];
    if (name == null || !same(name, pos, length)) {
      name = new String(buf, pos, length);
      names[slot] = name;
    }
    pos = i;
    return name;
  }

  private boolean same(String name, int at, int length) {
    if (name.length() != length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (name.charAt(k) != buf[at + k]) {
        return false;
      }
    }
    return true;
  }

  private String attributeValue() throws XMLStreamException {
    if (!ensure(1)) {
      throw ended();
    }
    char quote = buf[pos];
    if (quote != '"' && quote != '\'') {
      throw error("an attribute value that is not quoted");
    }
    pos++;
    int i = pos;
    while (i < lim) {
      char c = buf[i];
      if (c == quote) {
        String value = new String(buf, pos, i - pos);
        pos = i + 1;
        return value;
      }
      if (c == '&' || c == '<' || c == '\n' || c == '\t') {
        break;
      }
      i++;
    }
    sb.setLength(0);
    sb.append(buf, pos, i - pos);
    pos = i;
    while (true) {
      if (pos == lim && !fill()) {
        throw ended();
      }
      char c = buf[pos];
      if (c == quote) {
        pos++;
        return sb.toString();
      }
      if (c == '<') {
        throw error("'<' in an attribute value");
      }
      if (c == '&') {
        reference(sb);
      } else {
        sb.append(c == '\n' || c == '\t' ? ' ' : c);
        pos++;
      }
      limitText(sb);
    }
  }

  private void limitText(StringBuilder text) throws XMLStreamException {
    if (text.length() > MAX_TEXT) {
      throw error("a text longer than " + MAX_TEXT + " characters");
    }
  }

  /** Skips whitespace; whether there was any. */
  private boolean skipSpace() throws XMLStreamException {
    boolean any = false;
    while (true) {
      if (pos == lim && !fill()) {
        return any;
      }
      if (!isSpace(buf[pos])) {
        return any;
      }
      pos++;
      any = true;
    }
  }

  private void expect(char c) throws XMLStreamException {
    if (!ensure(1)) {
      throw ended();
    }
    if (buf[pos] != c) {
      throw error("'" + c + "' was expected, not " + describe(buf[pos]));
    }
    pos++;
  }

  private boolean startsWith(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (buf[pos + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- the buffer

  /** Whether {@code n} characters from {@code pos} are in the buffer (false: the input ends). */
  private boolean ensure(int n) throws XMLStreamException {
    while (lim - pos < n) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads more characters behind those from {@code pos}, which move to the buffer's start; line
   * ends become {@code \n}, and a character XML does not allow is refused. False at the end of the
   * input.
   */
  private boolean fill() throws XMLStreamException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      for (int i = 0; i < pos; i++) {
        if (buf[i] == '\n') {
          bufLine++;
          bufColumn = 1;
        } else {
          bufColumn++;
        }
      }
      bufOffset += pos;
      System.arraycopy(buf, pos, buf, 0, lim - pos);
      lim -= pos;
      pos = 0;
    }
    if (lim == buf.length) {
      // No token is read in place beyond MAX_NAME characters, so this cannot happen: refuse
      // rather than loop.
      throw error("a token longer than the reader's buffer");
    }
    int n;
    try {
      n = in.read(buf, lim, buf.length - lim);
    } catch (CharacterCodingException e) {
      throw error("bytes that are not valid " + encoding);
    } catch (IOException e) {
      XMLStreamException failure = new XMLStreamException(e.getMessage(), location(lim), e);
      if (failure.getCause() == null) {
        failure.initCause(e);
      }
      throw failure;
    }
    if (n < 0) {
      eof = true;
      return false;
    }
    int w = lim;
    for (int r = lim, end = lim + n; r < end; r++) {
      char c = buf[r];
      if (c < 0x20) {
        if (c == '\r') {
          buf[w++] = '\n';
          afterCr = true;
          continue;
        }
        if (c == '\n' && afterCr) {
          afterCr = false;
          continue;
        }
        if (c != '\n' && c != '\t') {
          lim = w;
          throw new XMLStreamException(
              "an invalid XML character (U+%04X)".formatted((int) c), location(w));
        }
      } else if (c >= '\uFFFE') {
        lim = w;
        throw new XMLStreamException(
            "an invalid XML character (U+%04X)".formatted((int) c), location(w));
      }
      afterCr = false;
      buf[w++] = c;
    }
    lim = w;
    return true;
  }

  private XMLStreamException error(String message) {
    return new XMLStreamException(message, location(pos));
  }

  private XMLStreamException ended() {
    return error(
        depth > 0
            ? "the document ends inside <"
                + printable(open[depth].qname())
                + ">, before its end tag"
            : "the document ends in the middle of markup");
  }

  private Location location(int at) {
    int line = bufLine;
    int column = bufColumn;
    for (int i = 0; i < at && i < lim; i++) {
      if (buf[i] == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new Where(line, column, bufOffset + at);
  }

  private record Where(int line, int column, int offset) implements Location {
    @Override
    public int getLineNumber() {
      return line;
    }

    @Override
    public int getColumnNumber() {
      return column;
    }

    @Override
    public int getCharacterOffset() {
      return offset;
    }

    @Override
    public String getPublicId() {
      return null;
    }

    @Override
    public String getSystemId() {
      return null;
    }
  }

  // ---------------------------------------------------------------- characters

  private static boolean encodingName(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))) {
        return false;
      }
    }
    return !s.isEmpty();
  }

  private static boolean digits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r';
  }

  private static boolean isXmlChar(int c) {
    return c == 0x9
        || c == 0xA
        || c == 0xD
        || (c >= 0x20 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD)
        || (c >= 0x10000 && c <= 0x10FFFF);
  }

  /**
   * A character a name may start with: beyond ASCII, a letter, as XML 1.0's fourth edition and the
   * JDK's reader have it (the fifth edition also allows most symbols).
   */
  private static boolean isNameStart(char c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }
    return switch (Character.getType(c)) {
      case Character.LOWERCASE_LETTER,
          Character.UPPERCASE_LETTER,
          Character.TITLECASE_LETTER,
          Character.OTHER_LETTER,
          Character.LETTER_NUMBER ->
          true;
      default -> false;
    };
  }

  /** A character of a name after its first: also digits, combining marks and extenders. */
  private static boolean isNameChar(char c) {
    if (c < 0x80) {
      return isNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
    }
    if (c == 0xB7 || isNameStart(c)) {
      return true;
    }
    return switch (Character.getType(c)) {
      case Character.DECIMAL_DIGIT_NUMBER,
          Character.NON_SPACING_MARK,
          Character.COMBINING_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.MODIFIER_LETTER ->
          true;
      default -> false;
    };
  }

  private static String describe(char c) {
    return c >= 0x21 && c < 0x7F ? "'" + c + "'" : "U+%04X".formatted((int) c);
  }

  /** A name from the document, for an error message: short and printable. */
  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length() && out.length() < 60; i++) {
      char c = s.charAt(i);
      out.append(c >= 0x20 && c != 0x7F ? c : '?');
    }
    return s.length() > 60 ? out + "..." : out.toString();
  }

  // ---------------------------------------------------------------- XMLStreamReader

  @Override
  public boolean hasNext() {
    return event != END_DOCUMENT;
  }

  @Override
  public int getEventType() {
    return event;
  }

  @Override
  public Object getProperty(String name) {
    if (name == null) {
      throw new IllegalArgumentException("no property name");
    }
    return null;
  }

  @Override
  public void require(int type, String namespaceURI, String localName) throws XMLStreamException {
    if (type != event) {
      throw error("event " + event + " where " + type + " was required");
    }
    if (localName != null && (!hasName() || !localName.equals(getLocalName()))) {
      throw error("<" + (hasName() ? getLocalName() : "") + "> where <" + localName + ">");
    }
    if (namespaceURI != null && (!hasName() || !namespaceURI.equals(orEmpty(getNamespaceURI())))) {
      throw error("a namespace other than " + namespaceURI + " was found");
    }
  }

  @Override
  public String getElementText() throws XMLStreamException {
    if (event != START_ELEMENT) {
      throw error("the text of an element is read from its start");
    }
    String only = null;
    StringBuilder more = null;
    while (true) {
      switch (next()) {
        case CHARACTERS -> {
          if (only == null) {
            only = text;
          } else {
            if (more == null) {
              more = new StringBuilder(only);
            }
            more.append(text);
          }
        }
        case COMMENT, PROCESSING_INSTRUCTION -> {
          // no text
        }
        case END_ELEMENT -> {
          return more != null ? more.toString() : only != null ? only : "";
        }
        default -> throw error("an element was found where only text was expected");
      }
    }
  }

  @Override
  public int nextTag() throws XMLStreamException {
    while (true) {
      int next = next();
      if (next == START_ELEMENT || next == END_ELEMENT) {
        return next;
      }
      if (next == CHARACTERS && !isWhiteSpace()) {
        throw error("text was found where a tag was expected");
      }
      if (next != CHARACTERS && next != COMMENT && next != PROCESSING_INSTRUCTION) {
        throw error("no tag was found where one was expected");
      }
    }
  }

  @Override
  public void close() {
    // As StAX readers do, the stream stays open: its owner closes it.
  }

  @Override
  public String getNamespaceURI(String prefix) {
    if (prefix == null) {
      throw new IllegalArgumentException("no prefix");
    }
    String uri = bound(prefix);
    return uri == null || uri.isEmpty() ? null : uri;
  }

  @Override
  public boolean isStartElement() {
    return event == START_ELEMENT;
  }

  @Override
  public boolean isEndElement() {
    return event == END_ELEMENT;
  }

  @Override
  public boolean isCharacters() {
    return event == CHARACTERS;
  }

  @Override
  public boolean isWhiteSpace() {
    if (event != CHARACTERS) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isSpace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String getAttributeValue(String namespaceURI, String localName) {
    onStart();
    for (int i = 0; i < attributes; i++) {
      if (attrName[i].local().equals(localName)
          && (namespaceURI == null || namespaceURI.equals(orEmpty(attrName[i].uri())))) {
        return attrValue[i];
      }
    }
    return null;
  }

  @Override
  public int getAttributeCount() {
    onStart();
    return attributes;
  }

  @Override
  public QName getAttributeName(int index) {
    attribute(index);
    return qName(attrName[index]);
  }

  @Override
  public String getAttributeNamespace(int index) {
    attribute(index);
    return attrName[index].uri();
  }

  @Override
  public String getAttributeLocalName(int index) {
    attribute(index);
    return attrName[index].local();
  }

  @Override
  public String getAttributePrefix(int index) {
    attribute(index);
    return orEmpty(attrName[index].prefix());
  }

  @Override
  public String getAttributeType(int index) {
    attribute(index);
    return "CDATA";
  }

  @Override
  public String getAttributeValue(int index) {
    attribute(index);
    return attrValue[index];
  }

  @Override
  public boolean isAttributeSpecified(int index) {
    attribute(index);
    return true;
  }

  private void onStart() {
    if (event != START_ELEMENT) {
      throw new IllegalStateException("attributes are read at a START_ELEMENT");
    }
  }

  private void attribute(int index) {
    onStart();
    if (index < 0 || index >= attributes) {
      throw new IndexOutOfBoundsException("no attribute " + index);
    }
  }

  @Override
  public int getNamespaceCount() {
    onElement();
    return nsTop - nsMark[depth];
  }

  @Override
  public String getNamespacePrefix(int index) {
    String prefix = nsPrefix[declaration(index)];
    return prefix.isEmpty() ? null : prefix;
  }

  @Override
  public String getNamespaceURI(int index) {
    String uri = nsUri[declaration(index)];
    return uri.isEmpty() ? null : uri;
  }

  private int declaration(int index) {
    int count = getNamespaceCount();
    if (index < 0 || index >= count) {
      throw new IndexOutOfBoundsException("no namespace declaration " + index);
    }
    return nsMark[depth] + index;
  }

  private void onElement() {
    if (event != START_ELEMENT && event != END_ELEMENT) {
      throw new IllegalStateException("namespace declarations are read at an element");
    }
  }

  @Override
  public NamespaceContext getNamespaceContext() {
    return new NamespaceContext() {
      @Override
      public String getNamespaceURI(String prefix) {
        if (prefix == null) {
          throw new IllegalArgumentException("no prefix");
        }
        String uri = bound(prefix);
        return uri == null ? XMLConstants.NULL_NS_URI : uri;
      }

      @Override
      public String getPrefix(String namespaceURI) {
        Iterator<String> prefixes = getPrefixes(namespaceURI);
        return prefixes.hasNext() ? prefixes.next() : null;
      }

      @Override
      public Iterator<String> getPrefixes(String namespaceURI) {
        if (namespaceURI == null) {
          throw new IllegalArgumentException("no namespace");
        }
        List<String> prefixes = new ArrayList<>();
        for (int i = nsTop - 1; i >= 0; i--) {
          String prefix = nsPrefix[i];
          if (nsUri[i].equals(namespaceURI)
              && !prefixes.contains(prefix)
              && namespaceURI.equals(bound(prefix))) {
            prefixes.add(prefix);
          }
        }
        if (namespaceURI.equals(XMLConstants.XML_NS_URI)) {
          prefixes.add(XMLConstants.XML_NS_PREFIX);
        }
        return prefixes.iterator();
      }
    };
  }

  @Override
  public String getText() {
    if (!hasText()) {
      throw new IllegalStateException("no text at event " + event);
    }
    return text;
  }

  @Override
  public char[] getTextCharacters() {
    if (textChars == null) {
      textChars = getText().toCharArray();
    }
    return textChars;
  }

  @Override
  public int getTextCharacters(int sourceStart, char[] target, int targetStart, int length) {
    String t = getText();
    if (sourceStart < 0 || sourceStart > t.length()) {
      throw new IndexOutOfBoundsException("no character " + sourceStart);
    }
    int n = Math.min(length, t.length() - sourceStart);
    t.getChars(sourceStart, sourceStart + n, target, targetStart);
    return n;
  }

  @Override
  public int getTextStart() {
    getText();
    return 0;
  }

  @Override
  public int getTextLength() {
    return getText().length();
  }

  @Override
  public String getEncoding() {
    return encoding;
  }

  @Override
  public boolean hasText() {
    return event == CHARACTERS || event == COMMENT || event == DTD;
  }

  @Override
  public Location getLocation() {
    return location(pos);
  }

  @Override
  public QName getName() {
    onElement();
    return qName(open[depth]);
  }

  @Override
  public String getLocalName() {
    onElement();
    return open[depth].local();
  }

  @Override
  public boolean hasName() {
    return event == START_ELEMENT || event == END_ELEMENT;
  }

  @Override
  public String getNamespaceURI() {
    return hasName() ? open[depth].uri() : null;
  }

  @Override
  public String getPrefix() {
    return hasName() ? orEmpty(open[depth].prefix()) : null;
  }

  @Override
  public String getVersion() {
    return version;
  }

  @Override
  public boolean isStandalone() {
    return Boolean.TRUE.equals(standalone);
  }

  @Override
  public boolean standaloneSet() {
    return standalone != null;
  }

  @Override
  public String getCharacterEncodingScheme() {
    return declaredEncoding;
  }

  @Override
  public String getPITarget() {
    return piTarget;
  }

  @Override
  public String getPIData() {
    return piData;
  }

  private static QName qName(Name name) {
    return new QName(orEmpty(name.uri()), name.local(), orEmpty(name.prefix()));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
