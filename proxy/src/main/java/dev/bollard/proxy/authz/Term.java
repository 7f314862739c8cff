package dev.bollard.proxy.authz;

/** One compiled value of one field: does the connection or request have it? */
@FunctionalInterface
interface Term {
    /** JWT claims and Envoy filter metadata: nothing in Bollard sets them, so no value matches. */
    Term ABSENT = facts -> false;

    boolean test(Facts facts);
}
