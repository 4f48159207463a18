package licence.tests

import com.google.gson.JsonArray
import com.google.gson.JsonElement
import com.google.gson.JsonNull
import com.google.gson.JsonObject
import com.google.gson.JsonParser
import com.google.gson.JsonPrimitive
import java.io.File
import java.util.Base64
import kotlin.reflect.KClass
import kotlin.reflect.KType
import kotlin.reflect.full.memberProperties
import kotlin.reflect.full.primaryConstructor

/** A document that no record can hold: the engine's invalid input. */
class Unfit(message: String) : Exception(message)

/**
 * The engine's JSON documents to and from the generated records, so that the
 * conformance vectors drive the typed methods by operation name. Documents
 * become records by the records' Kotlin types, with the operations' JSON
 * Schema (`schema/operations.schema.json`) giving the defaults of fields a
 * document leaves out; records become documents by their Kotlin types.
 */
object Typed {
    private val schema: JsonObject = JsonParser.parseString(
        File(System.getenv("LICENCE_SCHEMA") ?: "schema/operations.schema.json").readText()
    ).asJsonObject
    private val defs: JsonObject = schema["\$defs"].asJsonObject
    val rules: JsonObject = schema["operations"].asJsonObject["rules"].asJsonObject
    val tracker: JsonObject = schema["operations"].asJsonObject["tracker"].asJsonObject

    private fun camel(name: String) = name.split("_").joinToString("") { it.replaceFirstChar(Char::uppercase) }
    private fun snake(name: String) = name.replace(Regex("([a-z0-9])([A-Z])"), "$1_$2").lowercase()
    private fun klass(name: String): KClass<*> = Class.forName("licence.$name").kotlin

    /** The properties a record of the definition [name] may have, with their schemas. */
    private fun properties(name: String?): Map<String, JsonObject> {
        val def = name?.let { defs[it]?.asJsonObject } ?: return emptyMap()
        val found = mutableMapOf<String, JsonObject>()
        def["properties"]?.asJsonObject?.entrySet()?.forEach { (k, v) -> found[k] = v.asJsonObject }
        def["oneOf"]?.asJsonArray?.forEach { case ->
            case.asJsonObject["properties"]?.asJsonObject?.entrySet()?.forEach { (k, v) -> found.putIfAbsent(k, v.asJsonObject) }
        }
        return found
    }

    /** The record [name] for the document [doc]. */
    fun record(name: String, doc: JsonElement): Any = fromDocument(doc, klass(name))

    private fun fromDocument(doc: JsonElement?, type: KType): Any? {
        if (doc == null || doc.isJsonNull) {
            if (type.isMarkedNullable) return null
            throw Unfit("a value is missing")
        }
        val cls = type.classifier as KClass<*>
        return when (cls) {
            List::class -> (doc as? JsonArray ?: throw Unfit("$doc is not a list"))
                .map { fromDocument(it, type.arguments[0].type!!) }
            Map::class -> (doc as? JsonObject ?: throw Unfit("$doc is not a map")).entrySet()
                .associate { (k, v) -> k to fromDocument(v, type.arguments[1].type!!) }
            else -> fromDocument(doc, cls)
        }
    }

    private fun fromDocument(doc: JsonElement, cls: KClass<*>): Any = try {
        when {
            cls == String::class -> doc.asString
            cls == Boolean::class -> doc.asBoolean
            cls == Int::class -> doc.asInt
            cls == Long::class -> doc.asLong
            cls == Double::class -> doc.asDouble
            cls == UByte::class -> doc.asLong.toUByte()
            cls == UShort::class -> doc.asLong.toUShort()
            cls == UInt::class -> doc.asLong.toUInt()
            cls == ULong::class -> doc.asBigInteger.toLong().toULong()
            cls == ByteArray::class ->
                if (doc.isJsonArray) ByteArray(doc.asJsonArray.size()) { doc.asJsonArray[it].asInt.toByte() }
                else Base64.getDecoder().decode(doc.asString)
            cls.qualifiedName == "licence.Date" -> {
                val (y, m, d) = doc.asString.split("-").map { it.toInt() }
                cls.primaryConstructor!!.call(y, m.toUByte(), d.toUByte())
            }
            cls.qualifiedName == "licence.Period" -> {
                val (amount, unit) = doc.asString.split(" ")
                val units = klass("PeriodUnit").java.enumConstants
                val plural = if (unit.endsWith("s")) unit else unit + "s"
                cls.primaryConstructor!!.call(
                    amount.toInt().toUShort(),
                    units.first { (it as Enum<*>).name == plural.uppercase() },
                )
            }
            cls.java.isEnum -> cls.java.enumConstants.firstOrNull { (it as Enum<*>).name == doc.asString.uppercase() }
                ?: throw Unfit("`${doc.asString}` is not a case of ${cls.simpleName}")
            cls.isSealed -> variant(doc, cls)
            else -> construct(doc, cls)
        }
    } catch (e: Unfit) {
        throw e
    } catch (e: RuntimeException) {
        throw Unfit("$doc is not a ${cls.simpleName}: $e")
    }

    /** A case of a variant: its name, or a one-key object with its data. */
    private fun variant(doc: JsonElement, cls: KClass<*>): Any {
        val (label, data) = when {
            doc.isJsonPrimitive -> doc.asString to null
            doc.isJsonObject && doc.asJsonObject.size() == 1 -> doc.asJsonObject.entrySet().first().let { it.key to it.value }
            else -> throw Unfit("$doc is not a case of ${cls.simpleName}")
        }
        val case = cls.sealedSubclasses.firstOrNull { it.simpleName == camel(label) }
            ?: throw Unfit("`$label` is not a case of ${cls.simpleName}")
        case.objectInstance?.let { return it }
        val constructor = case.primaryConstructor!!
        return constructor.call(fromDocument(data, constructor.parameters[0].type))
    }

    /** A record from its document: a field left out takes the schema's default, or the record's. */
    private fun construct(doc: JsonElement, cls: KClass<*>): Any {
        val fields = doc as? JsonObject ?: throw Unfit("$doc is not an object")
        val known = properties(cls.simpleName)
        val constructor = cls.primaryConstructor ?: throw Unfit("${cls.simpleName} is not a record")
        val args = constructor.parameters.mapNotNull { parameter ->
            val field = snake(parameter.name!!)
            val found = fields[field] ?: known[field]?.get("default")
            when {
                found == null && parameter.isOptional -> null
                found == null && parameter.type.isMarkedNullable -> parameter to null
                else -> try {
                    parameter to fromDocument(found, parameter.type)
                } catch (e: Unfit) {
                    throw Unfit("${cls.simpleName}.$field: ${e.message}")
                }
            }
        }.toMap()
        return constructor.callBy(args)
    }

    /** The engine's JSON document of a record (or plain value); [schema]
     * tells bytes kept as a list of numbers from a file's base64 text. */
    fun document(value: Any?, schema: JsonObject? = null): JsonElement {
        val resolved = schema?.let { resolve(it) }
        return when (value) {
            null, Unit -> JsonNull.INSTANCE
            is String -> JsonPrimitive(value)
            is Boolean -> JsonPrimitive(value)
            is Number -> JsonPrimitive(value)
            is UByte -> JsonPrimitive(value.toLong())
            is UShort -> JsonPrimitive(value.toLong())
            is UInt -> JsonPrimitive(value.toLong())
            is ULong -> JsonPrimitive(value.toLong())
            is ByteArray ->
                if (resolved?.get("type")?.asString == "array") JsonArray().apply { value.forEach { add(it.toInt() and 0xff) } }
                else JsonPrimitive(Base64.getEncoder().encodeToString(value))
            is List<*> -> JsonArray().apply { value.forEach { add(document(it, resolved?.get("items")?.asJsonObject)) } }
            is Map<*, *> -> JsonObject().apply {
                value.forEach { (k, v) -> add(k as String, document(v, resolved?.get("additionalProperties")?.takeIf { it.isJsonObject }?.asJsonObject)) }
            }
            is Enum<*> -> JsonPrimitive(value.name.lowercase())
            else -> {
                val cls = value::class
                when {
                    cls.qualifiedName == "licence.Date" -> {
                        val (y, m, d) = listOf("year", "month", "day").map { p -> cls.memberProperties.first { it.name == p }.getter.call(value).toString().toInt() }
                        JsonPrimitive("%04d-%02d-%02d".format(y, m, d))
                    }
                    cls.qualifiedName == "licence.Period" -> {
                        val amount = cls.memberProperties.first { it.name == "amount" }.getter.call(value).toString().toInt()
                        val unit = (cls.memberProperties.first { it.name == "unit" }.getter.call(value) as Enum<*>).name.lowercase()
                        JsonPrimitive("$amount ${if (amount == 1) unit.dropLast(1) else unit}")
                    }
                    cls.supertypes.any { (it.classifier as KClass<*>).isSealed } -> {
                        val label = snake(cls.simpleName!!)
                        if (cls.objectInstance != null) JsonPrimitive(label)
                        else JsonObject().apply { add(label, document(cls.memberProperties.first { it.name == "v1" }.getter.call(value))) }
                    }
                    else -> {
                        val known = properties(cls.simpleName)
                        JsonObject().apply {
                            cls.primaryConstructor!!.parameters.forEach { p ->
                                val field = snake(p.name!!)
                                add(field, document(cls.memberProperties.first { it.name == p.name }.getter.call(value), known[field]))
                            }
                        }
                    }
                }
            }
        }
    }

    private fun resolve(schema: JsonObject): JsonObject {
        var current = schema
        while (true) {
            current = when {
                current.has("\$ref") -> defs[current["\$ref"].asString.removePrefix("#/\$defs/")].asJsonObject
                current.has("anyOf") -> current["anyOf"].asJsonArray.first { it.asJsonObject["type"]?.asString != "null" }.asJsonObject
                else -> return current
            }
        }
    }

    /**
     * Runs [op] on [target] (a `Tracker` or `Rules`) through its typed method
     * with the document [input], and answers the output document. An
     * operation that does not exist is refused by the engine (through
     * `execute`); a document no record holds throws [Unfit].
     */
    fun call(target: Any, operations: JsonObject, op: String, input: JsonElement, byName: (String) -> String): String {
        val operation = operations[op]?.asJsonObject ?: return byName(input.toString())
        val inputName = operation["input"].asJsonObject["\$ref"].asString.removePrefix("#/\$defs/")
        val method = target::class.members.first { it.name == camel(op).replaceFirstChar(Char::lowercase) }
        val output = try {
            if (method.parameters.size == 1) method.call(target) else method.call(target, record(inputName, input))
        } catch (e: java.lang.reflect.InvocationTargetException) {
            throw e.targetException
        } catch (e: kotlin.reflect.full.IllegalCallableAccessException) {
            throw e.cause ?: e
        }
        return document(output, operation["output"].asJsonObject).toString()
    }
}
