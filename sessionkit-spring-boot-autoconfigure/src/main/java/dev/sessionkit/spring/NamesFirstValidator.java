package dev.sessionkit.spring;

import dev.sessionkit.servlet.AttributeCodec;
import java.util.List;
import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * A type validator that decides on the name first: a type id whose class name is on no list is refused before Jackson
 * loads the class. Spring Security's validator matches classes, so on its own it lets Jackson load (and initialise)
 * any class a record names just to find that it is not allowed; here such a name never gets that far. Names that
 * pass are then checked by Spring Security's validator as usual.
 */
final class NamesFirstValidator extends PolymorphicTypeValidator.Base {

    private static final long serialVersionUID = 1L;

    private final PolymorphicTypeValidator classes;
    private final List<String> names;

    NamesFirstValidator(PolymorphicTypeValidator classes, List<String> names) {
        this.classes = classes;
        this.names = List.copyOf(names);
    }

    /** A base type never allows every subtype here: each type id goes through the name check. */
    @Override
    public Validity validateBaseType(DatabindContext context, JavaType baseType) {
        return classes.validateBaseType(context, baseType) == Validity.DENIED ? Validity.DENIED
                : Validity.INDETERMINATE;
    }

    @Override
    public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
        if (!AttributeCodec.listed(names, subClassName)) {
            return Validity.DENIED; // never loaded
        }
        return classes.validateSubClassName(context, baseType, subClassName);
    }

    @Override
    public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
        return classes.validateSubType(context, baseType, subType);
    }
}
