package dev.bollard.webhook.inject;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

/**
 * The JSON fields of one model class (a fabric8 {@code Container}, {@code Volume}), as the mapper
 * writes them, so that two versions of an item can be compared field by field: only a field that
 * changed is written into the patch, as one add or remove, instead of turning both whole items
 * into JSON trees and diffing them (a fifth of an admission's CPU, for a rewritten probe).
 * A class with an any-getter ({@code additionalProperties}) that holds something is left to the
 * tree diff: such fields can shadow declared ones.
 */
final class ItemFields {
    private static final Map<Class<?>, ItemFields> BY_CLASS = new ConcurrentHashMap<>();

    private final List<Field> fields;
    private final AnnotatedMember anyGetter;

    private record Field(String name, AnnotatedMember getter) {
    }

    /** One changed field: {@code value} null means remove it; {@code wasSet}: the old item had it. */
    record Change(String name, Object value, boolean wasSet) {
    }

    private ItemFields(List<Field> fields, AnnotatedMember anyGetter) {
        this.fields = fields;
        this.anyGetter = anyGetter;
    }

    static ItemFields of(ObjectMapper mapper, Class<?> type) {
        return BY_CLASS.computeIfAbsent(type, t -> {
            SerializationConfig config = mapper.getSerializationConfig();
            BeanDescription description = config.introspect(config.constructType(t));
            List<Field> fields = description.findProperties().stream()
                    .filter(p -> p.couldSerialize() && p.getAccessor() != null)
                    .map(p -> new Field(p.getName(), p.getAccessor()))
                    .toList();
            // access checked once, not on every read (as in ShallowCopy)
            fields.forEach(f -> f.getter().fixAccess(true));
            AnnotatedMember anyGetter = description.findAnyGetter();
            if (anyGetter != null) {
                anyGetter.fixAccess(true);
            }
            return new ItemFields(fields, anyGetter);
        });
    }

    /**
     * The changed fields of {@code after} against {@code before}, or null when only a tree diff
     * can say (extra properties on either side). A value that is null or an empty list or map is
     * absent, as the serialised item has it: it is removed if the old one held something.
     */
    List<Change> changes(Object before, Object after) {
        if (hasExtra(before) || hasExtra(after)) {
            return null;
        }
        List<Change> changes = new java.util.ArrayList<>();
        for (Field field : fields) {
            // fabric8 starts every list empty, so an empty one says nothing about the JSON sent
            Object old = present(field.getter().getValue(before));
            Object now = present(field.getter().getValue(after));
            if (!Objects.equals(old, now)) {
                changes.add(new Change(field.name(), now, old != null));
            }
        }
        return changes;
    }

    private boolean hasExtra(Object item) {
        return anyGetter != null && anyGetter.getValue(item) instanceof Map<?, ?> extra && !extra.isEmpty();
    }

    private static Object present(Object value) {
        boolean empty = value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty();
        return empty ? null : value;
    }
}
