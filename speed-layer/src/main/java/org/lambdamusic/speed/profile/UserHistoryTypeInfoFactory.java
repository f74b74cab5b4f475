package org.lambdamusic.speed.profile;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.lambdamusic.contracts.view.RecentInteraction;

/**
 * Declares the list fields' element types, which reflection cannot see, so no field falls to Kryo.
 */
public class UserHistoryTypeInfoFactory extends TypeInfoFactory<UserHistory> {
    @Override
    public TypeInformation<UserHistory> createTypeInfo(
            Type t, Map<String, TypeInformation<?>> genericParameters) {
        return Types.POJO(
                UserHistory.class,
                Map.of(
                        "recent", Types.LIST(Types.POJO(RecentInteraction.class)),
                        "liked", Types.LIST(Types.STRING),
                        "plays", Types.LONG,
                        "likes", Types.LONG,
                        "skips", Types.LONG,
                        "updatedAt", Types.LONG,
                        "flushDueAt", Types.LONG));
    }
}
