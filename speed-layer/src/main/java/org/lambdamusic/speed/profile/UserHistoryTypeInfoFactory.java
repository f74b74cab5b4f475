package org.lambdamusic.speed.profile;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Gives {@link UserHistory} its own compact {@link UserHistorySerializer} (found through the
 * {@code @TypeInfo} annotation, so {@code TypeInformation.of(UserHistory.class)} is enough); never
 * a POJO or Kryo serializer.
 */
public class UserHistoryTypeInfoFactory extends TypeInfoFactory<UserHistory> {
    @Override
    public TypeInformation<UserHistory> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        return new UserHistoryTypeInfo();
    }

    /** Type information of {@link UserHistory}: a single opaque value with its own serializer. */
    public static final class UserHistoryTypeInfo extends TypeInformation<UserHistory> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<UserHistory> getTypeClass() {
            return UserHistory.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<UserHistory> createSerializer(SerializerConfig config) {
            return new UserHistorySerializer();
        }

        @Override
        public String toString() {
            return "UserHistory";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UserHistoryTypeInfo;
        }

        @Override
        public int hashCode() {
            return UserHistoryTypeInfo.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof UserHistoryTypeInfo;
        }
    }
}
