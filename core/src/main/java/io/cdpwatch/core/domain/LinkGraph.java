package io.cdpwatch.core.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The resources an EM answer mentions and the {@code Up}, {@code Down} and {@code Alternate} links
 * between them, immutable.
 *
 * <p>A node is identified by its UID where known, else by its Href without the query string. The
 * entity and the reference of one resource (same UID) are one node. A link finds its target by the
 * target's Href (an entity's {@code Alternate} Href counts as its own), or else by the UID that the
 * link's {@code Type} and the GUID at the end of its Href make. The kind of a resource is never
 * read from an Href's path: EM's own samples put CDP task sessions under {@code
 * /replicaTaskSessions/}. Cycles and duplicate links are harmless.
 */
public final class LinkGraph {

  private static final Pattern ID_SEGMENT = Pattern.compile("[A-Za-z_0-9\\-]+");

  /** A followed link, with the resource it points to when that resource is in the graph. */
  public record Hop(Link link, Optional<Resource> target) {
    public Hop {
      Objects.requireNonNull(link, "'link' must not be null");
      Objects.requireNonNull(target, "'target' must not be null");
    }

    /**
     * The target's kind: the resolved resource's type, else the link's Type without "Reference".
     */
    public Optional<String> kind() {
      return target.map(Resource::type).or(() -> link.type().map(EntityRef::kindOf));
    }

    /** The target's name: the resolved resource's name, else the link's Name. */
    public Optional<String> name() {
      return target.map(Resource::name).or(link::name);
    }
  }

  private final Map<String, Resource> nodes;
  private final Map<String, List<Link>> links;
  private final Map<String, String> nodeByHref;
  private final Map<Uid, String> nodeByUid;

  private LinkGraph(
      Map<String, Resource> nodes,
      Map<String, List<Link>> links,
      Map<String, String> nodeByHref,
      Map<Uid, String> nodeByUid) {
    this.nodes = nodes;
    this.links = links;
    this.nodeByHref = nodeByHref;
    this.nodeByUid = nodeByUid;
  }

  /**
   * Builds the graph of {@code resources}. Where the same resource comes twice (an entity and its
   * reference), the entity is kept and the links of both are merged.
   */
  public static LinkGraph of(Collection<? extends Resource> resources) {
    Map<String, Resource> nodes = new LinkedHashMap<>();
    Map<String, Set<Link>> links = new LinkedHashMap<>();
    for (Resource resource : resources) {
      Objects.requireNonNull(resource, "a resource in the graph must not be null");
      String key = keyOf(resource);
      Resource known = nodes.get(key);
      if (known == null || (known instanceof EntityRef && !(resource instanceof EntityRef))) {
        nodes.put(key, resource);
      }
      Set<Link> merged = links.computeIfAbsent(key, k -> new LinkedHashSet<>());
      for (Link link : resource.links()) {
        if (merged.stream().noneMatch(l -> sameLink(l, link))) {
          merged.add(link);
        }
      }
    }
    Map<String, String> byHref = new HashMap<>();
    Map<Uid, String> byUid = new HashMap<>();
    nodes.forEach(
        (key, resource) -> {
          byHref.put(normalize(resource.href()), key);
          resource.uid().ifPresent(uid -> byUid.put(uid, key));
        });
    // An Alternate Href names the same resource in its other representation.
    links.forEach(
        (key, set) ->
            set.stream()
                .filter(l -> l.rel() == Link.Rel.ALTERNATE)
                .forEach(l -> byHref.putIfAbsent(normalize(l.href()), key)));
    Map<String, List<Link>> frozen = new HashMap<>();
    links.forEach((key, set) -> frozen.put(key, List.copyOf(set)));
    return new LinkGraph(
        Collections.unmodifiableMap(nodes),
        Map.copyOf(frozen),
        Map.copyOf(byHref),
        Map.copyOf(byUid));
  }

  /** Every resource in the graph, one per node. */
  public Collection<Resource> resources() {
    return nodes.values();
  }

  public Optional<Resource> find(Uid uid) {
    return Optional.ofNullable(nodeByUid.get(uid)).map(nodes::get);
  }

  /** The resource at {@code href}, whatever its query string or representation. */
  public Optional<Resource> findByHref(String href) {
    return Optional.ofNullable(nodeByHref.get(normalize(href))).map(nodes::get);
  }

  /** The resource {@code link} points to, when it is in the graph. */
  public Optional<Resource> target(Link link) {
    String key = nodeByHref.get(normalize(link.href()));
    if (key == null) {
      key = uidOf(link).map(nodeByUid::get).orElse(null);
    }
    return Optional.ofNullable(key).map(nodes::get);
  }

  /**
   * The links of {@code resource}'s node (merged over its representations), in first-seen order.
   */
  public List<Link> linksOf(Resource resource) {
    return links.getOrDefault(keyOf(resource), resource.links());
  }

  /** The resources directly above {@code resource}: its {@code Up} links. */
  public List<Hop> up(Resource resource) {
    return hops(resource, Link.Rel.UP);
  }

  /** The children and collections below {@code resource}: its {@code Down} links. */
  public List<Hop> down(Resource resource) {
    return hops(resource, Link.Rel.DOWN);
  }

  /** The other representation of {@code resource} (entity or reference): its {@code Alternate}. */
  public Optional<Link> alternate(Resource resource) {
    return linksOf(resource).stream().filter(l -> l.rel() == Link.Rel.ALTERNATE).findFirst();
  }

  /**
   * The nearest resource of kind {@code type} reached by following {@code Up} links from {@code
   * resource}, breadth first: for a task session, {@code CdpReplicaSession} is one step up, {@code
   * CdpPolicy} two. The hop is found even when its target is not in the graph (the link's Type and
   * Name still say what it is), but the walk only continues through resources that are.
   */
  public Optional<Hop> above(Resource resource, String type) {
    Set<String> visited = new HashSet<>();
    Deque<Resource> queue = new ArrayDeque<>();
    queue.add(resource);
    visited.add(keyOf(resource));
    while (!queue.isEmpty()) {
      Resource current = queue.removeFirst();
      List<Hop> ups = up(current);
      for (Hop hop : ups) {
        if (hop.kind().filter(type::equals).isPresent()) {
          return Optional.of(hop);
        }
      }
      for (Hop hop : ups) {
        hop.target().filter(target -> visited.add(keyOf(target))).ifPresent(queue::addLast);
      }
    }
    return Optional.empty();
  }

  /**
   * The navigation links ({@code Up}, {@code Down}, {@code Alternate}, {@code Related}) whose
   * target is not in the graph. An {@code Alternate} that names the resource itself is not
   * dangling, nor is a {@code Down} link to a collection (collections are not nodes).
   */
  public List<Link> dangling() {
    List<Link> result = new ArrayList<>();
    nodes.forEach(
        (key, resource) -> {
          for (Link link : links.get(key)) {
            boolean navigation =
                link.rel() == Link.Rel.UP
                    || link.rel() == Link.Rel.ALTERNATE
                    || link.rel() == Link.Rel.RELATED
                    || (link.rel() == Link.Rel.DOWN && !isCollection(link));
            if (navigation && target(link).isEmpty()) {
              result.add(link);
            }
          }
        });
    return List.copyOf(result);
  }

  /**
   * The collections and children {@code Down} links name that are lists, e.g. a task session list.
   */
  private static boolean isCollection(Link link) {
    return link.type().map(t -> t.endsWith("List")).orElse(false);
  }

  private List<Hop> hops(Resource resource, Link.Rel rel) {
    List<Hop> result = new ArrayList<>();
    for (Link link : linksOf(resource)) {
      if (link.rel() == rel) {
        result.add(new Hop(link, target(link)));
      }
    }
    return List.copyOf(result);
  }

  private static String keyOf(Resource resource) {
    return resource.uid().map(Uid::toString).orElseGet(() -> "href:" + normalize(resource.href()));
  }

  private static boolean sameLink(Link a, Link b) {
    return a.rel() == b.rel()
        && a.type().map(EntityRef::kindOf).equals(b.type().map(EntityRef::kindOf))
        && a.href().strip().equalsIgnoreCase(b.href().strip());
  }

  /** The UID a link's Type and the id at the end of its Href make, when both are there. */
  private static Optional<Uid> uidOf(Link link) {
    if (link.type().isEmpty()) {
      return Optional.empty();
    }
    String path = normalize(link.href());
    String last = path.substring(path.lastIndexOf('/') + 1);
    String kind = EntityRef.kindOf(link.type().get());
    if (!ID_SEGMENT.matcher(last).matches() || !ID_SEGMENT.matcher(kind).matches()) {
      return Optional.empty();
    }
    return Optional.of(new Uid(kind, last));
  }

  /** An Href without query, fragment or trailing slash, in lower case (EM's URLs ignore case). */
  static String normalize(String href) {
    String text = href.strip();
    int cut = text.length();
    int query = text.indexOf('?');
    int fragment = text.indexOf('#');
    if (query >= 0) {
      cut = Math.min(cut, query);
    }
    if (fragment >= 0) {
      cut = Math.min(cut, fragment);
    }
    text = text.substring(0, cut);
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
