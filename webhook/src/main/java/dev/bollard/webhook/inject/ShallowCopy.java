package dev.bollard.webhook.inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.introspect.AnnotatedConstructor;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;

/**
 * A new model object (a fabric8 {@code Container}, {@code PodSpec}) whose fields hold the same
 * values as the original's, nested objects shared, not copied: for changing a few fields of an
 * item while the original stays as it was. The fabric8 builders copy the whole tree (every env
 * var, port and mount) and those copies were a fifth of an admission's CPU. The caller may set
 * fields of the copy, never change a shared nested value. A class whose JSON fields are not all
 * plain getter and setter pairs gets a deep copy through the serialisation instead.
 */
final class ShallowCopy {
    private static final Map<Class<?>, ShallowCopy> BY_CLASS = new ConcurrentHashMap<>();

    private final AnnotatedConstructor constructor;
    private final List<Field> fields;
    private final AnnotatedMember anyGetter;
    private final AnnotatedMethod anySetter;

    private record Field(AnnotatedMember getter, AnnotatedMember setter) {
    }

    private ShallowCopy(AnnotatedConstructor constructor, List<Field> fields, AnnotatedMember anyGetter, AnnotatedMethod anySetter) {
        this.constructor = constructor;
        this.fields = fields;
        this.anyGetter = anyGetter;
        this.anySetter = anySetter;
    }

    @SuppressWarnings("unchecked")
    static <T> T of(T item) {
        if (item == null) {
            return null;
        }
        ShallowCopy copier = BY_CLASS.computeIfAbsent(item.getClass(), ShallowCopy::introspect);
        return copier == null ? (T) PodJson.SERIALIZATION.convertValue(item, item.getClass()) : (T) copier.copy(item);
    }

    /** Null when the class cannot be copied field by field. */
    private static ShallowCopy introspect(Class<?> type) {
        DeserializationConfig config = PodJson.mapper().getDeserializationConfig();
        BeanDescription description = config.introspect(config.constructType(type));
        AnnotatedConstructor constructor = description.findDefaultConstructor();
        AnnotatedMember anySetter = description.findAnySetterAccessor();
        AnnotatedMember anyGetter = PodJson.mapper().getSerializationConfig()
                .introspect(config.constructType(type)).findAnyGetter();
        if (constructor == null || (anySetter != null) != (anyGetter != null)
                || anySetter != null && !(anySetter instanceof AnnotatedMethod)) {
            return null;
        }
        List<BeanPropertyDefinition> properties = description.findProperties();
        if (properties.stream().anyMatch(p -> !p.hasGetter() || !p.hasSetter())) {
            return null;
        }
        List<Field> fields = properties.stream().map(p -> new Field(p.getGetter(), p.getSetter())).toList();
        // public members of public classes: access checked once here, not on every call (that
        // check was most of a copy's time), as Jackson's own (de)serialisers do
        constructor.fixAccess(true);
        fields.forEach(f -> {
            f.getter().fixAccess(true);
            f.setter().fixAccess(true);
        });
        if (anySetter != null) {
            anyGetter.fixAccess(true);
            anySetter.fixAccess(true);
        }
        return new ShallowCopy(constructor, fields, anyGetter, (AnnotatedMethod) anySetter);
    }

    private Object copy(Object item) {
        try {
            Object copy = constructor.call();
            // null too: a fabric8 object starts its lists empty, and an empty list is not a null one
            for (Field field : fields) {
                field.setter().setValue(copy, field.getter().getValue(item));
            }
            if (anyGetter != null && anyGetter.getValue(item) instanceof Map<?, ?> extra) {
                for (Map.Entry<?, ?> entry : extra.entrySet()) {
                    anySetter.callOnWith(copy, entry.getKey(), entry.getValue());
                }
            }
            return copy;
        } catch (Exception e) {
            throw new IllegalStateException("cannot copy a " + item.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
